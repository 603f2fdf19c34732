import { db } from "@/lib/db/prisma";
import { realtimeRegistry } from "@/lib/app/realtime-registry";

export type DependencyHealth = {
  status: "up" | "down";
  latencyMs: number | null;
  error?: string;
};

export type Health = {
  status: "ok" | "degraded";
  app: { version: string; uptimeSeconds: number };
  database: {
    status: "ok" | "down";
    latencyMs: number | null;
    migrations: number | null;
    error?: string;
  };
  realtime?: {
    documents: number;
    /** Of them, decoded into a Y.Doc (the others are held as their stored bytes). */
    decodedDocuments: number;
    connections: number;
    eventBus: "listening" | "reconnecting";
  };
  /**
   * Every service this process depends on right now: PostgreSQL always, the event channel
   * (the socket.io adapter's server-side events through which processes learn of each other's
   * changes, with the watermark resync behind it) when the socket server runs, Redis when
   * REDIS_URL is set.
   */
  dependencies: {
    postgresql: DependencyHealth;
    eventChannel?: DependencyHealth & {
      via: "socket.io-postgres-adapter" | "socket.io-redis-adapter";
      /** Held documents the resync found behind the store since start (and caught up). */
      caughtUp: number;
    };
    redis?: DependencyHealth;
  };
};

const firstLine = (error: unknown) =>
  error instanceof Error ? (error.message.split("\n")[0] ?? "unknown") : "unknown";

async function checkDatabase(): Promise<Health["database"]> {
  const started = performance.now();
  try {
    const rows = await db.$queryRaw<
      { count: bigint }[]
    >`SELECT count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    return {
      status: "ok",
      latencyMs: Math.round(performance.now() - started),
      migrations: Number(rows[0]?.count ?? 0),
    };
  } catch (error) {
    return { status: "down", latencyMs: null, migrations: null, error: firstLine(error) };
  }
}

export async function checkHealth(version: string): Promise<Health> {
  const app = { version, uptimeSeconds: Math.round(process.uptime()) };
  const registry = realtimeRegistry();
  const realtime = registry.stats?.();
  const [database, redis] = await Promise.all([checkDatabase(), registry.redisHealth?.()]);

  const dependencies: Health["dependencies"] = {
    postgresql: {
      status: database.status === "ok" ? "up" : "down",
      latencyMs: database.latencyMs,
      ...(database.error ? { error: database.error } : {}),
    },
  };
  const channel = registry.eventChannel?.();
  if (channel) {
    dependencies.eventChannel = {
      status: channel.ok ? "up" : "down",
      // The last watermark check: the channel's own round trip is not observable.
      latencyMs: channel.ok ? channel.latencyMs : null,
      ...(channel.error ? { error: channel.error } : {}),
      via: channel.via,
      caughtUp: channel.caughtUp,
    };
  }
  if (redis) dependencies.redis = redis;

  // Any dependency down: this process cannot do all of its work (without the event channel it
  // misses other processes' changes; without Redis, their rooms).
  const allUp = Object.values(dependencies).every((dependency) => dependency.status === "up");
  return {
    status: allUp ? "ok" : "degraded",
    app,
    database,
    ...(realtime ? { realtime } : {}),
    dependencies,
  };
}
