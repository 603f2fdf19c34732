import type * as Y from "yjs";
import { can } from "@/lib/access/permissions";
import {
  fail,
  parseDocCommand,
  type TCommandFailure,
  type TGroupRole,
} from "@/lib/annotations/command-outcome";
import {
  liveArray,
  liveMap,
  readLive,
  SESSION_COMMAND_ORIGIN,
  type TLiveSnapshot,
  type TRaisedHand,
  type TSpotlight,
} from "@/lib/sessions/live/document/session-document";
import {
  ZSessionCommand,
  type TSessionCommand,
} from "@/lib/sessions/live/document/session-schemas";

/**
 * `isHost`: the caller's view (the session's scheduled host). Whoever the document names as
 * `host` (after host.hand) controls the session too, as do moderators and owners.
 */
export type TSessionActor = { userId: string; role: TGroupRole; isHost: boolean };

export type TApplySessionCommandOutcome =
  | { ok: true; result: { type: TSessionCommand["type"]; changed: boolean; live: TLiveSnapshot } }
  | TCommandFailure;

function controls(doc: Y.Doc, actor: TSessionActor): boolean {
  return (
    actor.isHost || can(actor.role, "sessions.host") || liveMap(doc).get("host") === actor.userId
  );
}

function removeFromQueue(queue: Y.Array<TRaisedHand>, userId: string): void {
  // From the end, so indexes stay valid while deleting.
  for (let i = queue.length - 1; i >= 0; i--) {
    if (queue.get(i).userId === userId) queue.delete(i, 1);
  }
}

function inQueue(doc: Y.Doc, userId: string): boolean {
  return readLive(doc).queue.some((hand) => hand.userId === userId);
}

/** Returns the mutation to apply, `null` for a command that changes nothing, or a refusal. */
function plan(
  doc: Y.Doc,
  cmd: TSessionCommand,
  actor: TSessionActor,
  at: string,
): TCommandFailure | (() => void) | null {
  const host = controls(doc, actor);
  const live = liveMap(doc);
  switch (cmd.type) {
    case "spotlight.set": {
      if (!host) return fail("forbidden", "only the host sets the spotlight");
      const spotlight: TSpotlight = {
        chapterId: cmd.chapterId,
        paragraphId: cmd.paragraphId,
        setBy: actor.userId,
        setAt: at,
      };
      if (cmd.start !== undefined) spotlight.start = cmd.start;
      if (cmd.end !== undefined) spotlight.end = cmd.end;
      return () => {
        live.set("spotlight", spotlight);
        liveArray<TSpotlight>(doc, "agenda").push([{ ...spotlight }]);
      };
    }
    case "spotlight.clear":
      if (!host) return fail("forbidden", "only the host clears the spotlight");
      return live.get("spotlight") ? () => live.set("spotlight", null) : null;
    case "hand.raise":
      if (inQueue(doc, actor.userId)) return null;
      return () =>
        liveArray<TRaisedHand>(doc, "queue").push([{ userId: actor.userId, raisedAt: at }]);
    case "hand.lower": {
      const userId = cmd.userId ?? actor.userId;
      if (userId !== actor.userId && !host)
        return fail("forbidden", "only the host lowers another member's hand");
      if (!inQueue(doc, userId)) return null;
      return () => removeFromQueue(liveArray<TRaisedHand>(doc, "queue"), userId);
    }
    case "floor.give":
      if (!host) return fail("forbidden", "only the host gives the floor");
      return () => {
        removeFromQueue(liveArray<TRaisedHand>(doc, "queue"), cmd.userId);
        live.set("floor", cmd.userId);
        live.set("floorAt", at);
      };
    case "host.hand":
      if (!host) return fail("forbidden", "only the host hands the session on");
      return live.get("host") === cmd.userId ? null : () => live.set("host", cmd.userId);
  }
}

/**
 * Checks and applies one command to a live session's document in one transaction with origin
 * SESSION_COMMAND_ORIGIN. The caller has checked group membership, and for floor.give and
 * host.hand that the named user belongs to the group.
 */
export function applySessionCommand(
  doc: Y.Doc,
  command: unknown,
  actor: TSessionActor,
  now: Date,
): TApplySessionCommandOutcome {
  const parsed = parseDocCommand(ZSessionCommand, command, "session", actor, now);
  if (!parsed.ok) return parsed;
  const { cmd } = parsed;

  const decided = plan(doc, cmd, actor, parsed.at);
  if (decided !== null && typeof decided !== "function") return decided;
  if (decided) doc.transact(decided, SESSION_COMMAND_ORIGIN);
  return { ok: true, result: { type: cmd.type, changed: decided !== null, live: readLive(doc) } };
}
