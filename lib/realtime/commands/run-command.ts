import type pg from "pg";
import {
  assertMembersOfGroup,
  assertSessionPassage,
  membersAmong,
  paragraphTextInChapter,
} from "@/lib/access/owned-ids";
import { checkedQuote } from "@/lib/annotations/anchoring/check-quote";
import { fail } from "@/lib/annotations/command-outcome";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import { afterCommentCommand } from "@/lib/annotations/comment-notifications";
import { ZClientId, ZCommentAnchor, ZEntityId } from "@/lib/annotations/comment-schemas";
import { applySessionCommand } from "@/lib/annotations/session-commands";
import { initSessionDocument, readLive } from "@/lib/annotations/session-document";
import {
  idTakenElsewhere,
  ProjectionConflictError,
  writeCommentProjection,
  type ChapterContext,
} from "@/lib/annotations/write-comment-projection";
import { isAppError } from "@/lib/errors/app-error";
import type { DocAccess } from "@/lib/realtime/doc-access";
import type { DocumentRegistry } from "@/lib/realtime/document-registry";
import type { LiveDocument } from "@/lib/realtime/live-document";

export type CommandAck =
  | ({ ok: true } & Record<string, unknown>)
  | {
      ok: false;
      error:
        | "bad_request"
        | "not_found"
        | "forbidden"
        | "conflict"
        | "rate_limited"
        | "busy"
        | "internal";
      message: string;
    };

type Role = "owner" | "moderator" | "member";
const lower = (role: DocAccess["role"]): Role => role.toLowerCase() as Role;

class CommandRefused extends Error {
  constructor(readonly ack: Extract<CommandAck, { ok: false }>) {
    super(ack.message);
  }
}

async function previousOutcome(
  pool: pg.Pool,
  id: string,
  userId: string,
): Promise<CommandAck | null> {
  const row = await pool.query<{ userId: string; result: Record<string, unknown> }>(
    `SELECT "userId", result FROM "ProcessedCommand" WHERE id = $1`,
    [id],
  );
  const previous = row.rows[0];
  if (!previous) return null;
  if (previous.userId !== userId)
    return { ok: false, error: "conflict", message: "this command id was used by someone else" };
  return { ok: true, ...previous.result, duplicate: true };
}

async function recordOutcome(
  client: pg.PoolClient,
  id: string,
  doc: string,
  userId: string,
  result: Record<string, unknown>,
): Promise<void> {
  await client.query(
    `INSERT INTO "ProcessedCommand" (id, "docName", "userId", result) VALUES ($1, $2, $3, $4)`,
    [id, doc, userId, JSON.stringify(result)],
  );
}

/**
 * Ids a command names besides its document (an anchor's paragraph, a spotlight's passage, a
 * member) are checked by the one access module; its refusal becomes the command's ack, before
 * anything is written.
 */
async function checkNamedIds(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "bad_request")) {
      const field = Object.keys(error.fields ?? {})[0];
      throw new CommandRefused({
        ok: false,
        error: error.code,
        message: field ? `${field}: ${error.message}` : error.message,
      });
    }
    throw error;
  }
}

export async function chapterContext(pool: pg.Pool, chapterId: string): Promise<ChapterContext> {
  const result = await pool.query<{ textId: string; groupId: string; searchConfig: string }>(
    `SELECT c."textId", t."groupId", t."searchConfig" FROM "Chapter" c JOIN "Text" t ON t.id = c."textId" WHERE c.id = $1`,
    [chapterId],
  );
  const row = result.rows[0];
  if (!row)
    throw new CommandRefused({ ok: false, error: "not_found", message: "chapter not found" });
  return { chapterId, ...row };
}

/**
 * Runs one command (`{ doc, id, type, ...fields }`) from a member whose access to the document
 * was just checked: idempotent by command id, applied and stored (document update, projection,
 * processed-command row) in one transaction before it is acknowledged. Returns the ack and the
 * update to broadcast.
 */
export async function runCommand(
  registry: DocumentRegistry,
  pool: pg.Pool,
  access: DocAccess,
  live: LiveDocument,
  userId: string,
  payload: Record<string, unknown>,
): Promise<{ ack: CommandAck; update: Uint8Array | null }> {
  const id = ZClientId.safeParse(payload.id);
  if (!id.success)
    return {
      ack: { ok: false, error: "bad_request", message: "id: a client-made command id is required" },
      update: null,
    };
  const previous = await previousOutcome(pool, id.data, userId);
  if (previous) return { ack: previous, update: null };

  try {
    const run = access.kind === "chapter" ? runCommentCommand : runSessionCommand;
    if (access.kind === "chapter" || access.kind === "session") {
      const outcome = await run(registry, pool, access, live, userId, id.data, payload);
      if (outcome.ack.ok) return outcome;
      // A resend of this very command (its ack timed out, the client retries) may have been
      // stored while this one waited for the document's lock: it then finds its own thread and
      // is refused as a conflict. The outcome stored with the change says what happened.
      const stored = await previousOutcome(pool, id.data, userId);
      return stored ? { ack: stored, update: outcome.update } : outcome;
    }
    return {
      ack: {
        ok: false,
        error: "bad_request",
        message: `${access.kind}: documents take Yjs updates, not commands`,
      },
      update: null,
    };
  } catch (error) {
    if (error instanceof CommandRefused) return { ack: error.ack, update: null };
    if (error instanceof ProjectionConflictError)
      return { ack: { ok: false, error: "conflict", message: error.message }, update: null };
    if (isUniqueViolation(error)) {
      // The same command id was stored meanwhile (another process): answer as a repeat.
      return {
        ack: (await previousOutcome(pool, id.data, userId)) ?? {
          ok: false,
          error: "conflict",
          message: "id already used",
        },
        update: null,
      };
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "23505";
}

async function runCommentCommand(
  registry: DocumentRegistry,
  pool: pg.Pool,
  access: DocAccess,
  live: LiveDocument,
  userId: string,
  commandId: string,
  payload: Record<string, unknown>,
) {
  const chapter = await chapterContext(pool, access.resourceId);
  // A well-formed anchor (a malformed one gets the schema's bad_request later) must name a
  // paragraph of this very chapter and quote that paragraph's own text at its position; the
  // server writes prefix and suffix itself from the paragraph (the client's are ignored).
  const anchor = ZCommentAnchor.safeParse(payload.anchor);
  if ((payload.type === "comment.create" || payload.type === "thread.reanchor") && anchor.success) {
    const { paragraphId } = anchor.data;
    let selectors: ReturnType<typeof checkedQuote> | undefined;
    await checkNamedIds(async () => {
      const text = await paragraphTextInChapter(chapter.chapterId, paragraphId, {
        field: "anchor.paragraphId",
      });
      selectors = checkedQuote(text, anchor.data, { field: "anchor.exact" });
    });
    payload = { ...payload, anchor: { ...anchor.data, ...selectors } };
  }
  if (payload.type === "comment.create" || payload.type === "comment.reply") {
    const ids = {
      threadId: typeof payload.threadId === "string" ? payload.threadId : undefined,
      messageId: typeof payload.messageId === "string" ? payload.messageId : undefined,
    };
    if (payload.type === "comment.reply") ids.threadId = undefined;
    if (await idTakenElsewhere(pool, chapter.chapterId, ids)) {
      return {
        ack: {
          ok: false,
          error: "conflict",
          message: "that id already names something else",
        } as CommandAck,
        update: null,
      };
    }
  }
  const outcome = await registry.write(
    live,
    (doc) => applyCommentCommand(doc, payload, { userId, role: lower(access.role) }, new Date()),
    {
      persist: async (client, applied) => {
        if (!applied.ok) return;
        await writeCommentProjection(
          client,
          chapter,
          applied.changes.map((change) => change.row),
        );
        await recordOutcome(client, commandId, access.doc, userId, { ...applied.result });
      },
    },
  );
  const applied = outcome.result;
  if (!applied.ok)
    return {
      ack: { ok: false, error: applied.error, message: applied.message } as CommandAck,
      update: null,
    };
  if (!outcome.update) {
    // Nothing changed (resolving a resolved thread): still answer the same way next time.
    await pool.query(
      `INSERT INTO "ProcessedCommand" (id, "docName", "userId", result) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [commandId, access.doc, userId, JSON.stringify(applied.result)],
    );
  }
  // Replies, mentions and new threads on assigned chapters notify people; a failure there never
  // undoes a stored comment.
  void afterCommentCommand({
    actorId: userId,
    groupId: chapter.groupId,
    chapterId: chapter.chapterId,
    textId: chapter.textId,
    commandId,
    result: applied.result,
  }).catch((error: unknown) => console.error("[notifications] comment:", error));
  return { ack: { ok: true, ...applied.result } as CommandAck, update: outcome.update };
}

async function sessionHost(pool: pg.Pool, sessionId: string): Promise<string | null> {
  const session = await pool.query<{ hostId: string | null }>(
    `SELECT "hostId" FROM "DiscussionSession" WHERE id = $1`,
    [sessionId],
  );
  return session.rows[0]?.hostId ?? null;
}

/** What a session command names: a passage of the session's chapters, or a member. */
async function checkSessionCommandIds(access: DocAccess, payload: Record<string, unknown>) {
  const { userId } = payload;
  const chapterId = ZEntityId.safeParse(payload.chapterId);
  const paragraphId = ZEntityId.safeParse(payload.paragraphId);
  if (payload.type === "spotlight.set" && chapterId.success && paragraphId.success)
    await checkNamedIds(() =>
      assertSessionPassage(access.resourceId, chapterId.data, paragraphId.data),
    );
  if ((payload.type === "floor.give" || payload.type === "host.hand") && typeof userId === "string")
    await checkNamedIds(() =>
      assertMembersOfGroup(access.groupId, [userId], { code: "bad_request", field: "userId" }),
    );
}

/**
 * hand.lower may name someone who has left the group since raising a hand (the host must still
 * be able to clear it), but nobody else outside the group: the id of a non-member who is not in
 * the queue is refused.
 */
async function strangerToLower(
  access: DocAccess,
  payload: Record<string, unknown>,
): Promise<string | null> {
  const { userId } = payload;
  if (payload.type !== "hand.lower" || typeof userId !== "string") return null;
  return (await membersAmong(access.groupId, [userId])).has(userId) ? null : userId;
}

async function runSessionCommand(
  registry: DocumentRegistry,
  pool: pg.Pool,
  access: DocAccess,
  live: LiveDocument,
  userId: string,
  commandId: string,
  payload: Record<string, unknown>,
) {
  await checkSessionCommandIds(access, payload);
  const stranger = await strangerToLower(access, payload);
  const hostId = await sessionHost(pool, access.resourceId);
  const outcome = await registry.write(
    live,
    (doc) => {
      if (hostId && readLive(doc).host === null) initSessionDocument(doc, hostId);
      if (stranger && !readLive(doc).queue.some((hand) => hand.userId === stranger))
        return fail("bad_request", "userId: Only members of the group can be chosen");
      return applySessionCommand(
        doc,
        payload,
        { userId, role: lower(access.role), isHost: hostId === userId },
        new Date(),
      );
    },
    {
      persist: async (client, applied) => {
        if (applied.ok)
          await recordOutcome(client, commandId, access.doc, userId, { ...applied.result });
      },
    },
  );
  const applied = outcome.result;
  // A refused command may still have stored the session's first state (its host): send that on.
  if (!applied.ok)
    return {
      ack: { ok: false, error: applied.error, message: applied.message } as CommandAck,
      update: outcome.update,
    };
  return { ack: { ok: true, ...applied.result } as CommandAck, update: outcome.update };
}
