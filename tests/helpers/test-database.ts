import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { closePool } from "@/lib/db/pool";
import { disconnectDb } from "@/lib/db/prisma";
import { setEnvDefaults } from "@/lib/env";

/** A database cloned from the migrated template, or with `empty` a new one without tables. */
export async function createTestDatabase(
  options: { empty?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("adminDatabaseUrl");
  const template = inject("templateDatabase");
  const name = `marginalia_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    options.empty
      ? `CREATE DATABASE "${name}"`
      : `CREATE DATABASE "${name}" TEMPLATE "${template}"`,
  );
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Gives the test file its own migrated database and points this process's db/pool at it.
 * Returns a getter for the URL (available once beforeAll has run).
 */
export function withTestDatabase(): { url: () => string } {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= TEST_SESSION_SECRET;
    setEnvDefaults({});
  });
  afterAll(async () => {
    await disconnectDb();
    await closePool();
    await database?.drop();
  });
  return {
    url: () => {
      if (!database)
        throw new Error("withTestDatabase: database not ready (use it inside tests or hooks)");
      return database.url;
    },
  };
}

export const TEST_SESSION_SECRET = "test-secret-that-is-long-enough-for-next-auth-0123456789";
