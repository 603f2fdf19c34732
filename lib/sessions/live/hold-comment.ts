import { randomUUID } from "node:crypto";
import type { GroupAccess } from "@/lib/access/authorize";
import { paragraphTextInChapter } from "@/lib/access/owned-ids";
import { checkedQuote } from "@/lib/annotations/anchoring/check-quote";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { heldCommentSelect, toHeldCommentView } from "@/lib/sessions/live/held-comment-view";
import { ZHoldCommentInput } from "@/lib/sessions/live/live-schemas";
import { assertSessionChapter, liveSessionContext } from "@/lib/sessions/live/live-session-context";

/**
 * Keeps a comment server-side until the session starts: it is not written to the chapter
 * document (every member reads that) nor to the Comment projection; only its author lists it.
 * At the start time the server posts it as the author (revealDueHeldComments).
 */
export async function holdComment(access: GroupAccess, sessionId: string, input: unknown) {
  const data = parseInput(ZHoldCommentInput, input);
  const session = await liveSessionContext(sessionId);
  assertSessionChapter(session, data.chapterId);
  if (data.anchor.chapterId !== data.chapterId)
    throw new AppError("bad_request", "The passage is not in that chapter", {
      anchor: "Select a passage of the chapter",
    });
  // The same rule as a comment posted live: the quote is the paragraph's own text, and the
  // server writes prefix and suffix (else the comment would be refused only at its reveal).
  const paragraphText = await paragraphTextInChapter(data.chapterId, data.anchor.paragraphId, {
    code: "bad_request",
    field: "anchor",
  });
  const anchor = {
    ...data.anchor,
    ...checkedQuote(paragraphText, data.anchor, { field: "anchor.exact" }),
  };
  if (session.startsAt.getTime() <= Date.now())
    throw new AppError("conflict", "The session has started: post the comment in the margin");
  const row = await db.heldComment.create({
    data: {
      sessionId,
      chapterId: data.chapterId,
      authorId: access.userId,
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor,
      body: data.body,
      revealAt: session.startsAt,
    },
    select: heldCommentSelect,
  });
  return toHeldCommentView(row, session.startsAt);
}
