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
  /** The throwaway data folder: PostgreSQL's cluster is its "postgres" folder. */
  dataDir: string;
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
    dataDir,
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

/**
 * One measured workload as `bench-results.json` keeps it: ours beside the peer users would pick
 * instead (Hocuspocus) and the physical floor, from the same run. `ratio` is what `target`
 * bounds (the median of per-pair ratios where pairs were interleaved).
 */
export type Workload = {
  name: string;
  metric: string;
  unit: string;
  ours: number | null;
  hocuspocus: number | null;
  floor: number | null;
  ratio: number | null;
  /** e.g. "≤ 1.0× hocuspocus"; null when the row is reported without a target. */
  target: string | null;
  met: boolean | null;
};

export const workloads: Workload[] = [];

export function median(values: number[]): number {
  return percentile(values, 50);
}
