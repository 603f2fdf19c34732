import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HttpClient } from "@/tests/helpers/http-client";
import { startTestServer } from "@/tests/helpers/test-server";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-startup-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Like a newcomer's `npm start`: no DATABASE_URL, no secret, an empty data folder.
const embeddedEnv = { NEXTAUTH_SECRET: "", SEED_DEMO: "true" };

describe("npm start with the embedded database", () => {
  it("a fresh data folder comes up migrated and seeded, and the demo login works", async () => {
    const server = await startTestServer({ dataDir, env: embeddedEnv });
    try {
      expect(server.output()).toContain("Seeding demo data");
      expect(server.output()).toContain("organiser@marginalia.test");
      const health = await new HttpClient(server.url).json<{
        status: string;
        database: { migrations: number };
      }>("/api/health");
      expect(health.body.status).toBe("ok");
      expect(health.body.database.migrations).toBeGreaterThan(0);
      const client = new HttpClient(server.url);
      expect(await client.signIn("organiser@marginalia.test", "marginalia")).toMatchObject({
        ok: true,
      });
      await client.json("/api/users", {
        method: "POST",
        json: { email: "kept@example.test", password: "kept password", name: "Kept" },
      });
    } finally {
      const code = await server.kill("SIGTERM");
      // The server's own log says why, should it ever stop otherwise than cleanly.
      expect(code, server.output().slice(-4_000)).toBe(0);
    }
    // PostgreSQL was stopped cleanly with the app.
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    expect(existsSync(path.join(dataDir, "nextauth-secret"))).toBe(true);
  });

  it("a second start reuses the data: nothing re-seeded, nothing lost", async () => {
    const server = await startTestServer({ dataDir, env: embeddedEnv });
    try {
      expect(server.output()).not.toContain("Seeding demo data");
      const client = new HttpClient(server.url);
      expect(await client.signIn("kept@example.test", "kept password")).toMatchObject({ ok: true });
    } finally {
      await server.kill("SIGTERM");
    }
  });

  it("a server left behind by a killed process does not block the next start", async () => {
    const server = await startTestServer({ dataDir, env: embeddedEnv });
    await server.kill("SIGKILL");
    const again = await startTestServer({ dataDir, env: embeddedEnv });
    try {
      expect(
        (await new HttpClient(again.url).json<{ status: string }>("/api/health")).body.status,
      ).toBe("ok");
    } finally {
      await again.kill("SIGTERM");
    }
  });
});

describe("configuration", () => {
  function start(env: Record<string, string>) {
    return spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
  }

  it("a bad value stops the process with a message naming it", () => {
    const badPort = start({ PORT: "not-a-port" });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr).toContain("PORT");
    const badUrl = start({ DATABASE_URL: "mysql://localhost/db" });
    expect(badUrl.status).toBe(1);
    expect(badUrl.stderr).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    const halfGithub = start({ GITHUB_ID: "abc" });
    expect(halfGithub.status).toBe(1);
    expect(halfGithub.stderr).toContain("GITHUB_SECRET");
  });

  it("production with an external database requires NEXTAUTH_SECRET", () => {
    const result = start({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x",
      NEXTAUTH_SECRET: "",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("NEXTAUTH_SECRET: required in production");
  });
});
