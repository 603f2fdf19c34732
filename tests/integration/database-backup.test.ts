/**
 * Issue 18.7: `npm run db:backup` while the app runs, `npm run db:restore` into a new database:
 * every row comes back; a damaged file or a database that is not empty changes nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gunzipSync, gzipSync } from "node:zlib";
import { seedDemo, DEMO_USERS } from "@/seeds/demo";
import { HttpClient } from "@/tests/helpers/http-client";
import { createTestDatabase, withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const source = withTestDatabase();
const folder = mkdtempSync(path.join(os.tmpdir(), "marginalia-backup-"));
const backupFile = path.join(folder, "marginalia.backup.gz");
const targets: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
let server: TestServer | undefined;

beforeAll(async () => {
  await seedDemo({ log: () => undefined });
  server = await startTestServer({ databaseUrl: source.url() });
});
afterAll(async () => {
  await server?.stop();
  for (const target of targets) await target.drop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs an npm script's command the way `npm run` does (tsx), with DATABASE_URL set. */
function runScript(script: "db-backup" | "db-restore", args: string[], databaseUrl: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** Every table's rows, as one fingerprint per table (order-independent). */
async function fingerprints(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()
       AND tablename NOT IN ('_prisma_migrations', 'socket_io_attachments') ORDER BY tablename`,
    );
    const result: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const row = await client.query<{ rows: string; digest: string | null }>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest
         FROM "${name}" t`,
      );
      result[name] = `${row.rows[0]?.rows}:${row.rows[0]?.digest ?? "-"}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()`,
    );
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe("backup and restore", () => {
  it("backs up while the app serves, with progress, and restores every row into a new database", async () => {
    const running = server as TestServer;
    // The app is busy while the backup runs: sign-ins write sessions and rate-limit rows.
    const busy = (async () => {
      for (let round = 0; round < 5; round++) {
        const client = new HttpClient(running.url);
        await client.signIn(DEMO_USERS[0].email, "marginalia");
      }
    })();
    const backup = await runScript("db-backup", [backupFile], source.url());
    await busy;
    expect(backup.output).toMatch(/\[backup\] 1\/\d+ /);
    expect(backup.output).toMatch(/Backup written: .* rows/);
    expect(backup.code).toBe(0);
    expect(
      (await new HttpClient(running.url).json<{ status: string }>("/api/health")).body.status,
    ).toBe("ok");

    // Stop the writes so the comparison sees the state the backup saw.
    await running.stop();
    server = undefined;

    const target = await createTestDatabase({ empty: true });
    targets.push(target);
    const restore = await runScript("db-restore", [backupFile], target.url);
    expect(restore.output).toContain("[restore] User:");
    expect(restore.code).toBe(0);

    const before = await fingerprints(source.url());
    const after = await fingerprints(target.url);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    // The demo data is there: users, texts, comments, Yjs documents.
    for (const table of ["User", "Text", "Comment", "YDocUpdate"]) {
      expect(Number(before[table]?.split(":")[0]), table).toBeGreaterThan(0);
    }
    // Rows written after the backup's snapshot (sign-ins) may differ in session tables only.
    for (const table of Object.keys(before)) {
      if (["Session", "rate_limits", "AuthEvent"].includes(table)) continue;
      expect(after[table], table).toBe(before[table]);
    }

    // The restored database serves: the demo login works, and new rows get fresh ids.
    const restored = await startTestServer({ databaseUrl: target.url });
    try {
      const client = new HttpClient(restored.url);
      expect((await client.signIn(DEMO_USERS[1].email, "marginalia")).ok).toBe(true);
      const signup = await client.json("/api/users", {
        method: "POST",
        json: { email: "after-restore@example.test", password: "after restore", name: "After" },
      });
      expect(signup.status).toBeLessThan(300);
    } finally {
      await restored.stop();
    }
    // Two scripts and two server starts on a shared 2-core machine.
  }, 300_000);

  it("refuses a database that has tables, and a damaged file, changing nothing", async () => {
    const busyTarget = await createTestDatabase();
    targets.push(busyTarget);
    const refused = await runScript("db-restore", [backupFile], busyTarget.url);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("the target database is not empty");

    // Cut the backup short: the restore fails and leaves no table behind.
    const whole = gunzipSync(readFileSync(backupFile)).toString("utf8");
    const truncated = path.join(folder, "truncated.backup.gz");
    writeFileSync(truncated, gzipSync(whole.slice(0, Math.floor(whole.length * 0.6))));
    const empty = await createTestDatabase({ empty: true });
    targets.push(empty);
    const failed = await runScript("db-restore", [truncated], empty.url);
    expect(failed.code).toBe(1);
    // Cut mid-row, PostgreSQL's COPY itself refuses the last line; either way, one message.
    expect(failed.output).toContain("Restore failed, nothing was changed: ");
    expect(await tableCount(empty.url)).toBe(0);

    const notABackup = path.join(folder, "not-a-backup.gz");
    writeFileSync(notABackup, "hello");
    const foreign = await runScript("db-restore", [notABackup], empty.url);
    expect(foreign.code).toBe(1);
    expect(foreign.output).toContain("not a Marginalia backup");
    expect(await tableCount(empty.url)).toBe(0);
  }, 120_000);
});
