import type { RedisClientType } from "redis";

export type DependencyState = {
  status: "up" | "down";
  latencyMs: number | null;
  error?: string;
};

const PING_TIMEOUT_MS = 500;

/**
 * The Redis clients of the socket.io adapter. They connect in the background and keep
 * reconnecting (node-redis's backoff), so a process starts, and keeps serving everything that
 * does not need other processes, while Redis is away; /api/health says so. Each client logs a
 * change of state once, not every failed attempt.
 */
export async function connectRedis(url: string): Promise<{
  pub: RedisClientType;
  sub: RedisClientType;
  health: () => Promise<DependencyState>;
  close: () => Promise<void>;
}> {
  const { createClient } = await import("redis");
  const pub = createClient({ url }) as RedisClientType;
  const sub = pub.duplicate();
  let lastError: string | undefined;
  for (const [role, client] of [
    ["publisher", pub],
    ["subscriber", sub],
  ] as const) {
    let down = false;
    client.on("error", (error: Error) => {
      lastError = error.message;
      if (down) return;
      down = true;
      console.error(`[realtime] redis ${role} unavailable (retrying): ${error.message}`);
    });
    client.on("ready", () => {
      if (down) console.log(`[realtime] redis ${role} reconnected`);
      down = false;
    });
    // Not awaited: connect() only settles once Redis answers, which may be never.
    client.connect().catch((error: unknown) => {
      lastError = (error as Error).message;
    });
  }
  return {
    pub,
    sub,
    health: async () => {
      if (!pub.isReady || !sub.isReady) {
        return { status: "down", latencyMs: null, error: lastError ?? "not connected" };
      }
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          pub.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("no answer to PING")), PING_TIMEOUT_MS);
          }),
        ]);
        return { status: "up", latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        return { status: "down", latencyMs: null, error: (error as Error).message };
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      // close() waits for pending replies; a client still retrying has none worth waiting for.
      await Promise.all(
        [pub, sub].map(async (client) => {
          if (client.isReady) await client.close().catch(() => undefined);
          else client.destroy();
        }),
      );
    },
  };
}
