import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { closePool } from "@/lib/db/pool";
import { disconnectDb } from "@/lib/db/prisma";
import { getEnv, setEnvDefaults } from "@/lib/env";

/** For one-off scripts: DATABASE_URL, or the embedded database in DATA_DIR, migrated. */
export async function bootstrapDatabaseForScript(): Promise<{ close: () => Promise<void> }> {
  const env = getEnv();
  const embedded = env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: env.DATA_DIR });
  setEnvDefaults({ DATABASE_URL: embedded?.url });
  await migrateDatabase();
  return {
    close: async () => {
      await disconnectDb();
      await closePool();
      await embedded?.stop();
    },
  };
}
