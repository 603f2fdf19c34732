import pg from "pg";
import { REALTIME_CHANNEL, type DocumentUpdateEvent } from "@/lib/documents/announce";
import { getEnv } from "@/lib/env";

/**
 * Cross-process events over PostgreSQL LISTEN/NOTIFY: which document got a stored update,
 * whose membership changed, which group's documents were deleted, which notification to push. Payloads are small JSON; documents'
 * bytes stay in the update log.
 */
export { REALTIME_CHANNEL };

export type RealtimeEvent =
  | DocumentUpdateEvent
  | { type: "membership"; groupId: string; userId: string }
  | { type: "documents-removed"; groupId: string }
  | { type: "notification"; userId: string; id: string; kind: string }
  | { type: "sessions-revoked"; userId: string; version: number };

export type EventBus = {
  /** False while the LISTEN connection is being re-established. */
  listening: () => boolean;
  close: () => Promise<void>;
};

const RECONNECT_MS = 1_000;

/**
 * LISTENs on a connection of its own, re-established whenever it is lost; `onReconnect` runs
 * after each re-established connection, since what was announced in between never arrives.
 */
export async function subscribeRealtimeEvents(
  onEvent: (event: RealtimeEvent) => void,
  options: { onReconnect?: () => void } = {},
): Promise<EventBus> {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  let closed = false;
  let client: pg.Client | undefined;
  let lost = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel !== REALTIME_CHANNEL || !message.payload) return;
      try {
        onEvent(JSON.parse(message.payload) as RealtimeEvent);
      } catch (error) {
        console.error("[realtime] bad event:", error);
      }
    });
    next.on("error", (error) => console.error("[realtime] event bus error:", error.message));
    next.on("end", () => {
      if (client === next) client = undefined;
      lost = true;
      if (!closed) setTimeout(reconnect, RECONNECT_MS);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${REALTIME_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    if (closed) await next.end().catch(() => undefined);
    else if (lost) {
      console.log("[realtime] event bus reconnected");
      options.onReconnect?.();
    }
  };
  // Keeps trying while the database is away (a failed attempt may not emit "end").
  let reconnecting = false;
  const reconnect = () => {
    if (closed || reconnecting || client) return;
    reconnecting = true;
    connect()
      .catch((error: unknown) => {
        console.error("[realtime] event bus reconnect failed:", (error as Error).message);
        if (!closed) setTimeout(reconnect, RECONNECT_MS);
      })
      .finally(() => {
        reconnecting = false;
      });
  };
  await connect();

  return {
    listening: () => client !== undefined,
    close: async () => {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}

export async function publishRealtimeEvent(
  queryable: Pick<pg.ClientBase, "query">,
  event: RealtimeEvent,
): Promise<void> {
  await queryable.query("SELECT pg_notify($1, $2)", [REALTIME_CHANNEL, JSON.stringify(event)]);
}
