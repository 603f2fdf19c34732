/**
 * Issue 18.4: /api/health names every dependency in use with its state: PostgreSQL, the event
 * channel, and Redis when REDIS_URL is set; Redis going away and coming back is reported (503
 * while down) and logged once, not once per reconnection attempt.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/db/embedded-postgres";
import { waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { REDIS_SERVER, startRedis, stopRedis } from "@/tests/helpers/redis-server";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

type Dependency = { status: "up" | "down"; latencyMs: number | null; error?: string };
type Health = {
  status: "ok" | "degraded";
  dependencies: { postgresql: Dependency; eventChannel?: Dependency; redis?: Dependency };
};

const database = withTestDatabase();
const servers: TestServer[] = [];
const redises: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  for (const redis of redises) redis.kill("SIGKILL");
});

async function startTrackedRedis(port: number): Promise<ChildProcess> {
  const redis = await startRedis(port);
  redises.push(redis);
  return redis;
}

async function health(server: TestServer) {
  return new HttpClient(server.url).json<Health>("/api/health");
}

describe("health without Redis", () => {
  it("lists PostgreSQL and the event channel, up", async () => {
    const server = await startTestServer({ databaseUrl: database.url() });
    servers.push(server);
    const { status, body } = await health(server);
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.dependencies.postgresql.status).toBe("up");
    expect(body.dependencies.postgresql.latencyMs).toBeTypeOf("number");
    expect(body.dependencies.eventChannel?.status).toBe("up");
    expect(body.dependencies).not.toHaveProperty("redis");
    await server.stop();
  });
});

describe.skipIf(!existsSync(REDIS_SERVER))("health with Redis (REDIS_URL)", () => {
  it("an unreachable Redis at start: the app comes up and reports Redis down (503)", async () => {
    const port = await findFreePort();
    const server = await startTestServer({
      databaseUrl: database.url(),
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    servers.push(server);
    const { status, body } = await health(server);
    expect(status).toBe(503);
    expect(body.status).toBe("degraded");
    expect(body.dependencies.redis?.status).toBe("down");
    expect(body.dependencies.postgresql.status).toBe("up");

    // Redis comes: the process connects without a restart.
    const redis = await startTrackedRedis(port);
    await waitFor(
      async () => (await health(server)).body.dependencies.redis?.status === "up",
      15_000,
      "redis reported up",
    );
    expect((await health(server)).status).toBe(200);
    await stopRedis(redis);
    await server.stop();
  });

  it("Redis stopped and started again: down (503) then up, one log line each way", async () => {
    const port = await findFreePort();
    let redis = await startTrackedRedis(port);
    const server = await startTestServer({
      databaseUrl: database.url(),
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    servers.push(server);
    const up = await health(server);
    expect(up.status).toBe(200);
    expect(up.body.dependencies.redis).toMatchObject({ status: "up" });
    expect(up.body.dependencies.redis?.latencyMs).toBeTypeOf("number");

    await stopRedis(redis);
    await waitFor(async () => (await health(server)).status === 503, 10_000, "redis reported down");
    const down = await health(server);
    expect(down.body.status).toBe("degraded");
    expect(down.body.dependencies.redis?.status).toBe("down");
    expect(down.body.dependencies.postgresql.status).toBe("up");
    // Several reconnection attempts happen while it is away.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    redis = await startTrackedRedis(port);
    await waitFor(
      async () => (await health(server)).status === 200,
      15_000,
      "redis reported up again",
    );
    const output = server.output();
    expect(output.match(/redis publisher unavailable/g)).toHaveLength(1);
    expect(output.match(/redis publisher reconnected/g)).toHaveLength(1);
    await stopRedis(redis);
    await server.stop();
  });
});
