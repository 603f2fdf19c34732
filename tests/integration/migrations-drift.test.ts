import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";
import { runPrismaCli } from "@/lib/db/prisma-cli";
import { createTestDatabase } from "@/tests/helpers/test-database";

/**
 * The migrations must build exactly the database schema.prisma describes. (Prisma's own
 * `migrate diff --from-migrations` needs a shadow database URL, which adapter mode refuses, so
 * we compare catalogs: one database built by the migrations, one by schema.prisma's SQL.)
 */
const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  constraints: `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`,
  enums: `SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY 1, 3`,
};

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(CATALOG_QUERIES))
    result[name] = (await client.query(sql)).rows;
  await client.end();
  return result;
}

const databases: { drop: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

it("the migrations build the same schema as schema.prisma (no drift)", async () => {
  const fromMigrations = await createTestDatabase();
  const fromSchema = await createTestDatabase();
  databases.push(fromMigrations, fromSchema);
  // Clones of the migrated template: empty both, then rebuild each its own way.
  for (const database of [fromMigrations, fromSchema]) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await client.end();
  }
  await migrateDatabase(fromMigrations.url);

  const script = await runPrismaCli(
    [
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { quiet: true, env: { ...process.env, DATABASE_URL: fromSchema.url } },
  );
  expect(script.code).toBe(0);
  const sql = script.output.slice(script.output.indexOf("--"));
  const client = new pg.Client({ connectionString: fromSchema.url });
  await client.connect();
  await client.query(sql);
  await client.end();

  expect(await catalog(fromMigrations.url)).toEqual(await catalog(fromSchema.url));

  // Our runner records migrations as Prisma does: the CLI finds nothing left to apply.
  const deploy = await runPrismaCli(["migrate", "deploy"], {
    quiet: true,
    env: { ...process.env, DATABASE_URL: fromMigrations.url },
  });
  expect(deploy.code).toBe(0);
  expect(deploy.output).toContain("No pending migrations to apply");
});
