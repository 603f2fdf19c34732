/**
 * `npm run prisma -- <args>`: the Prisma CLI, offline (see lib/db/prisma-cli.ts).
 *
 * `migrate dev --name <name>` is answered here: Prisma's WebAssembly engine cannot replay
 * migrations into a shadow database in adapter mode, so the new migration is the schema-to-schema
 * diff between schema.prisma as of the last commit that added a migration and schema.prisma now
 * (no database needed). The migration drift test checks the result against a real database.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { runPrismaCli } from "@/lib/db/prisma-cli";
import { getEnv } from "@/lib/env";

const args = process.argv.slice(2);

async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const configured = getEnv().DATABASE_URL;
  if (configured) return run(configured);
  const embedded = await startEmbeddedPostgres({ dataDir: getEnv().DATA_DIR });
  try {
    return await run(embedded.url);
  } finally {
    await embedded.stop();
  }
}

function schemaAtLastMigration(): string {
  const commit = execFileSync("git", ["log", "-1", "--format=%H", "--", "prisma/migrations"], {
    encoding: "utf8",
  }).trim();
  if (!commit) throw new Error("no committed migration to diff against");
  return execFileSync("git", ["show", `${commit}:prisma/schema.prisma`], { encoding: "utf8" });
}

async function createMigration(name: string, createOnly: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "marginalia-migration-"));
  const previous = path.join(dir, "previous.prisma");
  writeFileSync(previous, schemaAtLastMigration());
  // The diff itself reads no database, but adapter mode connects before it starts.
  const diff = await withDatabase((url) =>
    runPrismaCli(
      [
        "migrate",
        "diff",
        "--from-schema-datamodel",
        previous,
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { quiet: true, env: { ...process.env, DATABASE_URL: url } },
    ),
  );
  if (diff.code !== 0) {
    console.error(diff.output);
    return diff.code;
  }
  const sql = diff.output.slice(Math.max(0, diff.output.indexOf("--")));
  if (!/^\s*(CREATE|ALTER|DROP)/im.test(sql)) {
    console.log("schema.prisma has no changes since the last migration.");
    return 0;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = path.join("prisma/migrations", `${stamp}_${name.replace(/[^a-z0-9_]/gi, "_")}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), sql);
  console.log(`Created ${folder}/migration.sql`);
  if (!createOnly) await withDatabase(async (url) => void (await migrateDatabase(url)));
  return (await runPrismaCli(["generate"])).code;
}

if (args[0] === "migrate" && args[1] === "dev") {
  const nameIndex = args.indexOf("--name");
  const name = nameIndex >= 0 ? args[nameIndex + 1] : undefined;
  if (!name) {
    console.error("usage: npm run db:migrate:dev -- --name <what_changed> [--create-only]");
    process.exit(2);
  }
  process.exit(await createMigration(name, args.includes("--create-only")));
}

if (args[0] === "migrate" && args[1] === "deploy") {
  await withDatabase(async (url) => {
    // The owner role's URL when the app's own role may not change the schema.
    const { applied } = await migrateDatabase(getEnv().MIGRATE_DATABASE_URL ?? url);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
  });
  process.exit(0);
}

const needsDatabase =
  ["migrate", "db", "studio"].includes(args[0] ?? "") &&
  !(args[1] === "diff" && !args.includes("--from-migrations"));
const code = needsDatabase
  ? await withDatabase(
      async (url) =>
        (await runPrismaCli(args, { env: { ...process.env, DATABASE_URL: url } })).code,
    )
  : (
      await runPrismaCli(args, {
        env: {
          ...process.env,
          DATABASE_URL:
            process.env.DATABASE_URL ?? "postgresql://placeholder@localhost/placeholder",
        },
      })
    ).code;
process.exit(code);
