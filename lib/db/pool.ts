import pg from "pg";
import { getEnv } from "@/lib/env";

/**
 * A plain pg pool for the hot paths (the Yjs update log, rate limiting, the socket.io
 * adapter), where Prisma's query planning would only add latency.
 */
const globalForPool = globalThis as unknown as { marginaliaPool?: pg.Pool };

export function getPool(): pg.Pool {
  if (!globalForPool.marginaliaPool) {
    const url = getEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    // An idle client that loses its server must not crash the process.
    pool.on("error", (error) => console.error("[db] idle client error:", error.message));
    // Nor may a checked-out one: pg emits "error" on it with no listener of its own while it is
    // held (the socket.io adapter holds one for LISTEN), which would be an uncaught exception.
    // The holder sees the failure through its query or its "end" event and reconnects.
    pool.on("connect", (client) => {
      client.on("error", (error) => console.error("[db] client error:", error.message));
    });
    globalForPool.marginaliaPool = pool;
  }
  return globalForPool.marginaliaPool;
}

export async function closePool(): Promise<void> {
  const pool = globalForPool.marginaliaPool;
  globalForPool.marginaliaPool = undefined;
  await pool?.end();
}
