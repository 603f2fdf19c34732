import type pg from "pg";
import type * as Y from "yjs";
import { assertMembersOfGroup, assertSessionPassage, membersAmong } from "@/lib/access/owned-ids";
import { fail } from "@/lib/annotations/command-outcome";
import { ZEntityId } from "@/lib/annotations/comment-schemas";
import { applySessionCommand } from "@/lib/sessions/live/document/session-commands";
import { initSessionDocument, readLive } from "@/lib/sessions/live/document/session-document";
import { ZSessionCommand } from "@/lib/sessions/live/document/session-schemas";
import type { CommandContext } from "@/lib/documents/define-command";
import { defineCommand } from "@/lib/documents/define-command";

async function sessionHost(
  client: Pick<pg.ClientBase, "query">,
  sessionId: string,
): Promise<string | null> {
  const session = await client.query<{ hostId: string | null }>(
    `SELECT "hostId" FROM "DiscussionSession" WHERE id = $1`,
    [sessionId],
  );
  return session.rows[0]?.hostId ?? null;
}

/** What a session command names: a passage of the session's chapters, or a member. */
async function checkNamedIds(payload: Record<string, unknown>, ctx: CommandContext) {
  const { userId } = payload;
  const chapterId = ZEntityId.safeParse(payload.chapterId);
  const paragraphId = ZEntityId.safeParse(payload.paragraphId);
  if (payload.type === "spotlight.set" && chapterId.success && paragraphId.success)
    await assertSessionPassage(ctx.access.resourceId, chapterId.data, paragraphId.data);
  if ((payload.type === "floor.give" || payload.type === "host.hand") && typeof userId === "string")
    await assertMembersOfGroup(ctx.access.groupId, [userId], {
      code: "bad_request",
      field: "userId",
    });
}

/**
 * hand.lower may name someone who has left the group since raising a hand (the host must still
 * be able to clear it), but nobody else outside the group: the id of a non-member who is not in
 * the queue is refused.
 */
async function strangerToLower(
  payload: Record<string, unknown>,
  ctx: CommandContext,
): Promise<string | null> {
  const { userId } = payload;
  if (payload.type !== "hand.lower" || typeof userId !== "string") return null;
  return (await membersAmong(ctx.access.groupId, [userId])).has(userId) ? null : userId;
}

/**
 * The live-session commands on `session:<id>` (spotlight, hands, floor, host): any member may
 * raise a hand; who controls the room is decided by applySessionCommand (the host, moderators
 * and owners through lib/access's table, whoever the document names as host).
 */
export const sessionCommand = defineCommand({
  name: "session",
  kind: "session",
  schema: ZSessionCommand,
  permission: "sessions.view",
  async plan(_input, payload, ctx, client) {
    await checkNamedIds(payload, ctx);
    const stranger = await strangerToLower(payload, ctx);
    const hostId = await sessionHost(client, ctx.access.resourceId);
    return {
      apply: (doc: Y.Doc) => {
        // The first command stores the session's host; a refused one still stores that.
        if (hostId && readLive(doc).host === null) initSessionDocument(doc, hostId);
        if (stranger && !readLive(doc).queue.some((hand) => hand.userId === stranger))
          return fail("bad_request", "userId: Only members of the group can be chosen");
        return applySessionCommand(
          doc,
          payload,
          { userId: ctx.actor.userId, role: ctx.access.role, isHost: hostId === ctx.actor.userId },
          ctx.now,
        );
      },
    };
  },
});
