import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { getEnv } from "@/lib/env";

/*
 * Applies prisma/migrations the way `prisma migrate deploy` does, recording each one in Prisma's
 * own `_prisma_migrations` table (same columns, sha256 checksums), so the Prisma CLI sees the
 * same history. Why not the CLI itself: its WebAssembly schema engine needs ~11 s to start on
 * these machines, which every `npm start` and every test server would pay.
 */
const MIGRATIONS_DIR = "prisma/migrations";
// The advisory lock key Prisma uses, so our runner and the CLI never migrate at the same time.
const MIGRATION_LOCK_KEY = 72707369;

export const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** An app role without DDL rights meeting a migration: say what to do instead. */
function withRoleHint(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /permission denied/i.test(message)
    ? `${message} (this role may not change the schema: apply the migrations as the owner role, with MIGRATE_DATABASE_URL or \`npm run db:migrate\`; see docs/operations.md)`
    : message;
}

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Runs one migration's SQL and records it, in the caller's transaction. */
export async function applyMigration(
  client: Pick<pg.ClientBase, "query">,
  migration: Migration,
): Promise<void> {
  await client.query(migration.sql);
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), now(), 1)`,
    [randomUUID(), migration.checksum, migration.name],
  );
}

export async function migrateDatabase(
  databaseUrl = getEnv().DATABASE_URL,
): Promise<{ applied: string[] }> {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const migrations = readMigrations();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    // Only when missing: even CREATE TABLE IF NOT EXISTS needs CREATE on the schema, and an app
    // role without DDL rights must start on a database that is already migrated.
    const table = await client.query<{ exists: string | null }>(
      `SELECT to_regclass('"_prisma_migrations"')::text AS exists`,
    );
    if (!table.rows[0]?.exists) {
      await client.query(CREATE_MIGRATIONS_TABLE).catch((error: unknown) => {
        throw new Error(`Database migrations could not start: ${withRoleHint(error)}`);
      });
    }
    const rows = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.rows.map((row) => [row.migration_name, row]));
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous?.finished_at) {
        if (previous.checksum !== migration.checksum) {
          console.warn(
            `[db] migration ${migration.name} was edited after it was applied (checksum differs)`,
          );
        }
        continue;
      }
      if (previous) {
        throw new Error(
          `Migration ${migration.name} failed earlier and needs attention (see _prisma_migrations.logs)`,
        );
      }
      await client.query("BEGIN");
      try {
        await applyMigration(client, migration);
        await client.query("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Database migration ${migration.name} failed: ${withRoleHint(error)}`);
      }
    }
  } finally {
    await client
      .query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await client.end();
  }
  return { applied };
}
