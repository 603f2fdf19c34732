/**
 * One throwaway PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL), with a migrated
 * template database; each test file clones its own database from it. Torn down after the run,
 * whether the tests passed or not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded-postgres";
import { migrateDatabase } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

const TEMPLATE = "marginalia_test_template";

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-test-db-"));
    embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.url;
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  await migrateDatabase(templateUrl.toString());

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", TEMPLATE);

  return async () => {
    if (!embedded) {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      const leftovers = await cleanup.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'marginalia_test_%'",
      );
      for (const row of leftovers.rows)
        await cleanup.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await cleanup.end();
    }
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
