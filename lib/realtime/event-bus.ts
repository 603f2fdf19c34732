import pg from "pg";
import { getEnv } from "@/lib/env";

/**
 * Cross-process events over PostgreSQL LISTEN/NOTIFY: which document got a stored update,
 * whose membership changed, which notification to push. Payloads are small JSON; documents'
 * bytes stay in the update log.
 */
export const REALTIME_CHANNEL = "marginalia_realtime";

export type RealtimeEvent =
  | { type: "doc-update"; doc: string; id: string; origin: string }
  | { type: "membership"; groupId: string; userId: string }
  | { type: "notification"; userId: string; id: string; kind: string };

export type EventBus = { close: () => Promise<void> };

export async function subscribeRealtimeEvents(
  onEvent: (event: RealtimeEvent) => void,
): Promise<EventBus> {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  let closed = false;
  let client: pg.Client | undefined;

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
    // A lost connection is re-established; documents catch up from the log on the next event.
    next.on("error", (error) => console.error("[realtime] event bus error:", error.message));
    next.on("end", () => {
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 1000);
    });
    await next.connect();
    await next.query(`LISTEN ${REALTIME_CHANNEL}`);
    client = next;
  };
  await connect();

  return {
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
