import { runPrismaCli } from "@/lib/db/prisma-cli";
import { getEnv } from "@/lib/env";

/** Applies pending migrations (prisma migrate deploy, WebAssembly engine, offline). */
export async function migrateDatabase(databaseUrl = getEnv().DATABASE_URL): Promise<void> {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const { code, output } = await runPrismaCli(["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    quiet: true,
  });
  if (code !== 0) throw new Error(`Database migration failed:\n${output}`);
}
