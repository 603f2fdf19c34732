import { runningEmbeddedUrl, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { getEnv } from "@/lib/env";

/**
 * The database a maintenance script works on: DATABASE_URL; else the embedded PostgreSQL of
 * DATA_DIR, the running one when the app is up (never a second server on its folder), or one
 * started for the script and stopped after.
 */
export async function databaseUrlForScript(
  log: (line: string) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const env = getEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, close: () => Promise.resolve() };
  const running = runningEmbeddedUrl(env.DATA_DIR);
  if (running) {
    log(`Using the embedded PostgreSQL running in ${env.DATA_DIR}/postgres`);
    return { url: running, close: () => Promise.resolve() };
  }
  log(`Starting the embedded PostgreSQL in ${env.DATA_DIR}/postgres…`);
  const embedded = await startEmbeddedPostgres({ dataDir: env.DATA_DIR, log });
  return { url: embedded.url, close: embedded.stop };
}
