import pg from "pg";

/**
 * Runs `work` while holding a session-level PostgreSQL advisory lock, taken on a connection of
 * its own so `work` may use any other connection (Prisma's pool). Processes started together on
 * one database queue here instead of racing, e.g. two demo seeds inserting the same rows.
 */
export async function withAdvisoryLock<T>(
  databaseUrl: string,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    return await work();
  } finally {
    // Closing the session releases the lock too; the explicit unlock just releases it sooner.
    await client.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Lock keys of this app (Prisma's migrate lock is 72707369; see lib/db/migrate.ts). */
export const DEMO_SEED_LOCK_KEY = 72707370;
