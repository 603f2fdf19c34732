import { realtimeRegistry } from "@/lib/app/realtime-registry";

/**
 * Server → client nudges that something a group's pages show has changed: the browser asks the
 * HTTP API again (which checks access). Each names only ids, so one that reaches a member just
 * removed tells them nothing. Every member's sockets get it, the actor's own other tabs too.
 * Client-safe (the browser reads the event names and payloads from here); see
 * docs/realtime-protocol.md.
 */
export type TGroupChange =
  /** A session of the group was scheduled, edited, moved, cancelled, or a series planned. */
  | { type: "sessions-changed"; groupId: string }
  /** A thread was brought to a session's agenda or taken off, or a vote given or withdrawn. */
  | { type: "session-marks-changed"; groupId: string; sessionId: string };

export type TGroupChangeEvent = TGroupChange["type"];
export type TGroupChangePayload<TEvent extends TGroupChangeEvent> = Omit<
  Extract<TGroupChange, { type: TEvent }>,
  "type"
>;

/**
 * Tells the group's members' open sockets, on every process, after the change is stored. A push
 * that fails loses nothing lasting: clients ask again after reconnecting.
 */
export async function announceGroupChange(change: TGroupChange): Promise<void> {
  const push = realtimeRegistry().onGroupChanged;
  if (!push) return;
  await push(change).catch((error: unknown) =>
    console.error(`[realtime] ${change.type} push failed:`, error),
  );
}
