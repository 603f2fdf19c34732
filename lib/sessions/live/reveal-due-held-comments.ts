import { getPool } from "@/lib/db/pool";
import { runCommentCommand } from "@/lib/annotations/commands/run-comment-command";
import type { CommandResult } from "@/lib/documents/execute";
import { AppError } from "@/lib/errors/app-error";
import { chapterDoc } from "@/lib/documents/names";

/** A claim not confirmed within this long is taken to belong to a process that died. */
export const STALE_CLAIM_MS = 2 * 60_000;
const BATCH = 200;

type Claimed = {
  id: string;
  chapterId: string;
  authorId: string;
  threadId: string;
  messageId: string;
  anchor: Record<string, unknown>;
  body: string;
};

// Refusals that a retry cannot change (the author left the group, the passage's chapter is gone).
const FINAL_ERRORS: ReadonlySet<string> = new Set([
  "bad_request",
  "not_found",
  "forbidden",
  "conflict",
]);

/**
 * Reveals every held comment whose session has started by `now`: each row is claimed by one
 * process (a conditional UPDATE ... WHERE "revealedAt" IS NULL, rows locked with SKIP LOCKED so
 * concurrent processes split the work), then posted as its author with `comment.create` whose
 * command id is the row's id: a claim retried after a crash acts once. Written on this process's
 * live documents when it runs the socket server, through the store otherwise (lib/documents).
 * Returns how many it revealed.
 */
export async function revealDueHeldComments(
  now: Date,
): Promise<{ revealed: number; failed: number }> {
  const pool = getPool();
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
  const claimed = await pool.query<Claimed>(
    `UPDATE "HeldComment" h SET "revealedAt" = $1
      WHERE h.id IN (
        SELECT c.id FROM "HeldComment" c
          LEFT JOIN "DiscussionSession" s ON s.id = c."sessionId"
         WHERE c."confirmedAt" IS NULL AND c."revealError" IS NULL
           AND COALESCE(s."startsAt", c."revealAt") <= $1
           AND (c."revealedAt" IS NULL OR c."revealedAt" < $2)
         ORDER BY c."revealAt"
         LIMIT ${BATCH}
           FOR UPDATE OF c SKIP LOCKED)
        AND (h."revealedAt" IS NULL OR h."revealedAt" < $2)
        AND h."confirmedAt" IS NULL
    RETURNING h.id, h."chapterId", h."authorId", h."threadId", h."messageId", h.anchor, h.body`,
    [now, staleBefore],
  );
  let revealed = 0;
  let failed = 0;
  for (const held of claimed.rows) {
    let outcome: CommandResult;
    try {
      outcome = await runCommentCommand(held.authorId, {
        doc: chapterDoc(held.chapterId),
        id: held.id,
        type: "comment.create",
        threadId: held.threadId,
        messageId: held.messageId,
        anchor: held.anchor,
        body: held.body,
      });
    } catch (error) {
      console.error("[held-comments] reveal failed, will retry:", error);
      outcome = { ok: false, error: new AppError("internal", "refused") };
    }
    if (outcome.ok) {
      revealed += 1;
      await pool.query(`UPDATE "HeldComment" SET "confirmedAt" = now() WHERE id = $1`, [held.id]);
    } else if (FINAL_ERRORS.has(outcome.error.code)) {
      failed += 1;
      await pool.query(`UPDATE "HeldComment" SET "revealError" = $2 WHERE id = $1`, [
        held.id,
        `${outcome.error.code}: ${outcome.error.message}`,
      ]);
    } else {
      // Temporary (rate limit, database hiccup): let the next tick, here or elsewhere, retry.
      await pool.query(
        `UPDATE "HeldComment" SET "revealedAt" = NULL WHERE id = $1 AND "confirmedAt" IS NULL`,
        [held.id],
      );
    }
  }
  return { revealed, failed };
}

/** When the next held comment is due (its session's current start), or null when none waits. */
export async function nextHeldCommentDue(): Promise<Date | null> {
  const result = await getPool().query<{ due: Date | null }>(
    `SELECT MIN(COALESCE(s."startsAt", c."revealAt")) AS due FROM "HeldComment" c
       LEFT JOIN "DiscussionSession" s ON s.id = c."sessionId"
      WHERE c."revealedAt" IS NULL AND c."revealError" IS NULL`,
  );
  return result.rows[0]?.due ?? null;
}
