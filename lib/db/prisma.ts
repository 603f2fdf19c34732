import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";

function createPrismaClient() {
  const url = getEnv().DATABASE_URL;
  if (!url)
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one");
  return new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: url, max: 10 },
      {
        // A connection the server ends (restart, failover) is replaced; it must not crash the process.
        onPoolError: (error) => console.error("[db] pool error:", error.message),
        onConnectionError: (error) => console.error("[db] connection error:", error.message),
      },
    ),
    // Password hashes never leave the database unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
export type DbTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// One client per process, shared by server.ts and Next's bundled route code (which may load
// this module twice), so it lives on globalThis.
const globalForPrisma = globalThis as unknown as { marginaliaPrisma?: Db };

export function getDb(): Db {
  globalForPrisma.marginaliaPrisma ??= createPrismaClient();
  return globalForPrisma.marginaliaPrisma;
}

/** Lazy: importing this module never connects, so `next build` needs no database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = getDb();
    const value: unknown = Reflect.get(client, property);
    return typeof value === "function"
      ? (value as (...args: unknown[]) => unknown).bind(client)
      : value;
  },
});

export async function disconnectDb(): Promise<void> {
  const client = globalForPrisma.marginaliaPrisma;
  globalForPrisma.marginaliaPrisma = undefined;
  await client?.$disconnect();
}
