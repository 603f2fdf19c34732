import { db } from "@/lib/db/prisma";
import { realtimeRegistry } from "@/lib/realtime/registry";

export type Health = {
  status: "ok" | "degraded";
  app: { version: string; uptimeSeconds: number };
  database: {
    status: "ok" | "down";
    latencyMs: number | null;
    migrations: number | null;
    error?: string;
  };
};

export async function checkHealth(version: string): Promise<Health> {
  const started = performance.now();
  const app = { version, uptimeSeconds: Math.round(process.uptime()) };
  const realtime = realtimeRegistry().stats?.();
  try {
    const rows = await db.$queryRaw<
      { count: bigint }[]
    >`SELECT count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    const latencyMs = Math.round(performance.now() - started);
    return {
      // Without its event bus this process misses other processes' changes: not ready.
      status: realtime?.eventBus === "reconnecting" ? "degraded" : "ok",
      app,
      database: { status: "ok", latencyMs, migrations: Number(rows[0]?.count ?? 0) },
      ...(realtime ? { realtime } : {}),
    };
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split("\n")[0] ?? "unknown") : "unknown";
    return {
      status: "degraded",
      app,
      database: { status: "down", latencyMs: null, migrations: null, error: message },
    };
  }
}
