import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded-postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { closePool } from "@/lib/db/pool";
import { disconnectDb } from "@/lib/db/prisma";
import { setEnvDefaults } from "@/lib/env";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

/** A throwaway PostgreSQL and app server for one benchmark run, on this machine only. */
export type BenchEnvironment = {
  databaseUrl: string;
  startServer: (env?: Record<string, string>) => Promise<TestServer>;
  close: () => Promise<void>;
};

export async function benchEnvironment(log: (line: string) => void): Promise<BenchEnvironment> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-"));
  log("starting a throwaway PostgreSQL…");
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir });
  await migrateDatabase(embedded.url);
  process.env.DATABASE_URL = embedded.url;
  process.env.NEXTAUTH_SECRET ??= "bench-secret-that-is-long-enough-0123456789abcdef";
  setEnvDefaults({});
  const servers: TestServer[] = [];
  return {
    databaseUrl: embedded.url,
    startServer: async (env = {}) => {
      const server = await startTestServer({
        databaseUrl: embedded.url,
        env: { NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "", ...env },
      });
      servers.push(server);
      return server;
    },
    close: async () => {
      for (const server of servers) await server.stop();
      await disconnectDb();
      await closePool();
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ] as number;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(1)}×`;
