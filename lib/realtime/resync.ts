import type pg from "pg";
import { loadWatermarks } from "@/lib/documents/store";
import type { DocumentRegistry } from "@/lib/realtime/document-registry";

/**
 * How often each process compares what it holds with what is stored. The channel's events make
 * changes arrive at once; this bounds how late a change can be when an event was lost (adapter,
 * Redis or PostgreSQL away, a process that stored without a socket server: the demo seed, a
 * script, a chapter split). One small indexed query per interval, whatever the load.
 */
export const RESYNC_INTERVAL_MS = 1_000;

export type ResyncState = {
  /** The last comparison with the store succeeded. */
  compared: boolean;
  /** Duration of the last successful comparison. */
  latencyMs: number | null;
  /** Held documents found behind the store since start (each caught up and relayed). */
  caughtUp: number;
  error?: string;
};

/**
 * No silent staleness: every interval, each held document whose stored watermark is beyond what
 * this process applied is caught up (and, through the registry, relayed to its clients, so they
 * get exactly what they missed in order without reconnecting). When the comparison or the
 * channel was failing and both work again, `onGapClosed` runs once: what the channel carried
 * besides documents (revoked sessions, memberships, removed documents) is checked afresh.
 */
export function startResync(
  pool: pg.Pool,
  registry: DocumentRegistry,
  options: {
    channelUp: () => boolean;
    onGapClosed: () => Promise<void>;
    intervalMs?: number;
  },
): {
  state: () => ResyncState;
  /** The channel reported a loss (shorter ones may fall between two comparisons). */
  noteGap: () => void;
  close: () => void;
} {
  const state: ResyncState = { compared: true, latencyMs: null, caughtUp: 0 };
  let inGap = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const compare = async (): Promise<void> => {
    const names = registry.heldNames();
    if (names.length === 0) {
      // Still proves the database answers, so a gap is not declared closed too early.
      await pool.query("SELECT 1");
      return;
    }
    const watermarks = await loadWatermarks(pool, names);
    const stale = new Set(registry.staleNames());
    for (const [name, top] of watermarks) {
      const seen = registry.seenId(name);
      if (seen === null) continue;
      if (!stale.has(name) && (top === null || top <= seen)) continue;
      await registry.catchUp(name);
      state.caughtUp += 1;
    }
  };

  const tick = async (): Promise<void> => {
    const started = performance.now();
    let compared = false;
    try {
      await compare();
      compared = true;
      state.latencyMs = Math.round(performance.now() - started);
      delete state.error;
    } catch (error) {
      state.latencyMs = null;
      state.error = (error as Error).message.split("\n")[0] ?? "resync failed";
    }
    state.compared = compared;
    if (!compared || !options.channelUp()) {
      const reason = state.error ?? "the cross-process channel is not connected";
      if (!inGap) console.error(`[realtime] resync: gap opened (${reason})`);
      inGap = true;
      return;
    }
    if (inGap) {
      inGap = false;
      console.log("[realtime] resync: gap closed, rechecking sessions and access");
      await options.onGapClosed().catch((error: unknown) => {
        console.error("[realtime] resync after gap failed:", (error as Error).message);
        inGap = true;
      });
    }
  };

  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, options.intervalMs ?? RESYNC_INTERVAL_MS);
    timer.unref();
  };
  schedule();

  return {
    state: () => ({ ...state }),
    noteGap: () => {
      inGap = true;
    },
    close: () => {
      closed = true;
      clearTimeout(timer);
    },
  };
}
