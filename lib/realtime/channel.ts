import type { Namespace } from "socket.io";
import { othersMayListen } from "@/lib/realtime/cluster-nodes";

/**
 * What processes tell each other, all through one channel: the socket.io adapter's server-side
 * events (`serverSideEmit`), which the PostgreSQL adapter carries over its own LISTEN/NOTIFY and
 * the Redis adapter over Redis pub/sub. Payloads are small JSON; documents' bytes stay in the
 * update log, which is the truth: an event only says "look now", and a missed one is found by
 * the periodic watermark check (lib/realtime/resync.ts).
 */
export type RealtimeEvent =
  /** A process stored update `id` of document `doc`; `origin` is its process id. */
  | { type: "doc-update"; doc: string; id: string; origin: string }
  | { type: "membership"; groupId: string; userId: string }
  | { type: "documents-removed"; groupId: string }
  | { type: "notification"; userId: string; id: string; kind: string }
  | { type: "sessions-revoked"; userId: string; version: number };

/** The server-side event name on the /collab namespace. */
export const CHANNEL_EVENT = "marginalia:event";

export type RealtimeChannel = {
  /**
   * Tells every process, this one included (events that concern only the others, such as
   * `doc-update`, are ignored by their handler when they come back to their origin). Never
   * throws: while the adapter is away the event is lost, and the resync after the gap covers it.
   */
  publish: (event: RealtimeEvent) => void;
};

const EVENT_TYPES: ReadonlySet<string> = new Set([
  "doc-update",
  "membership",
  "documents-removed",
  "notification",
  "sessions-revoked",
]);

function isRealtimeEvent(value: unknown): value is RealtimeEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    EVENT_TYPES.has(String((value as { type?: unknown }).type))
  );
}

export function createRealtimeChannel(
  nsp: Namespace,
  onEvent: (event: RealtimeEvent) => void,
): RealtimeChannel {
  nsp.on(CHANNEL_EVENT, (event: unknown) => {
    if (!isRealtimeEvent(event)) {
      console.error("[realtime] channel: ignored an unknown event");
      return;
    }
    onEvent(event);
  });
  return {
    publish: (event) => {
      // serverSideEmit reaches every process but this one (none: nothing to send).
      try {
        if (othersMayListen(nsp)) nsp.serverSideEmit(CHANNEL_EVENT, event);
      } catch (error) {
        console.error("[realtime] channel: publish failed:", (error as Error).message);
      }
      onEvent(event);
    },
  };
}
