/**
 * Issue 18.2: processes started at the same moment on one empty database all come up; the
 * migrations and the demo seed run once, under advisory locks, while the others wait.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_GROUP_ID, DEMO_USERS } from "@/seeds/demo";
import { HttpClient } from "@/tests/helpers/http-client";
import { createTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const PROCESSES = 3;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const servers: TestServer[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await database?.drop();
});

describe("starting together", () => {
  it(`${PROCESSES} processes started at once on an empty database all come up, seeded once`, async () => {
    const started = await Promise.allSettled(
      Array.from({ length: PROCESSES }, () =>
        startTestServer({ databaseUrl: database.url, env: { SEED_DEMO: "true" } }),
      ),
    );
    for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
    // Every process came up (a rejection carries the dead process's output).
    expect(started.filter((result) => result.status === "rejected")).toEqual([]);

    for (const server of servers) {
      const health = await new HttpClient(server.url).json<{ status: string }>("/api/health");
      expect(health.status).toBe(200);
      expect(health.body.status).toBe("ok");
    }
    // One process seeded; the others waited for it and found the data.
    const seeders = servers.filter((server) => server.output().includes("Seeding demo data"));
    expect(seeders).toHaveLength(1);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const count = async (sql: string, values: unknown[] = []) =>
        Number((await client.query<{ n: string }>(sql, values)).rows[0]?.n);
      expect(await count(`SELECT count(*) AS n FROM "User"`)).toBe(DEMO_USERS.length);
      expect(await count(`SELECT count(*) AS n FROM "Group"`)).toBe(1);
      expect(
        await count(`SELECT count(*) AS n FROM "Membership" WHERE "groupId" = $1`, [DEMO_GROUP_ID]),
      ).toBe(DEMO_USERS.length);
      const manifest = JSON.parse(readFileSync("seeds/manifest.json", "utf8")) as unknown[];
      expect(
        await count(`SELECT count(*) AS n FROM "Text" WHERE "groupId" = $1`, [DEMO_GROUP_ID]),
      ).toBe(manifest.length);
      // Each migration recorded once, though three processes tried.
      const migrations = await client.query<{ migration_name: string; n: string }>(
        `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name`,
      );
      expect(migrations.rows.length).toBeGreaterThan(0);
      expect(migrations.rows.every((row) => Number(row.n) === 1)).toBe(true);
    } finally {
      await client.end();
    }
    // Three builds starting and one seeding on a 2-core machine: minutes, not the default minute.
  }, 300_000);
});
