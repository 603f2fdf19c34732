import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { runCommentCommand } from "@/lib/annotations/commands/run-comment-command";
import { authorizeComment } from "@/lib/annotations/flags/comment-access";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { chapterDoc } from "@/lib/documents/names";

export const ZModerateCommentInput = z.object({
  action: z.enum(["hide", "unhide", "remove", "dismiss"]),
});
export type TModerationAction = z.infer<typeof ZModerateCommentInput>["action"];

export type TModerationOutcome = {
  commentId: string;
  action: TModerationAction;
  hidden: boolean;
  deleted: boolean;
  /** Open flags this action resolved. */
  resolvedFlags: number;
};

async function runDocCommand(userId: string, payload: Record<string, unknown>) {
  const outcome = await runCommentCommand(userId, { id: randomUUID(), ...payload });
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/**
 * A moderator acts on a comment: hide it (its body leaves the chapter document, kept aside in
 * HiddenCommentBody first so nothing is lost if the command fails half-way), show it again,
 * remove it (the ordinary comment.delete), or dismiss the flags. Hiding, removing and dismissing
 * resolve the comment's open flags.
 */
export async function moderateComment(
  userId: string,
  messageId: string,
  input: unknown,
): Promise<TModerationOutcome> {
  const { action } = parseInput(ZModerateCommentInput, input);
  const { comment, access } = await authorizeComment(userId, messageId, "comments.moderate");
  const doc = chapterDoc(comment.chapterId);
  const target = { doc, threadId: comment.threadId, messageId: comment.id };
  let hidden = comment.hidden;
  let deleted = comment.deleted;

  if (action === "hide" && !comment.hidden) {
    if (comment.deleted) throw new AppError("conflict", "The comment was deleted");
    const token = randomBytes(32).toString("base64url");
    await db.hiddenCommentBody.upsert({
      where: { commentId: comment.id },
      create: {
        commentId: comment.id,
        groupId: access.groupId,
        body: comment.body,
        token,
        hiddenById: userId,
      },
      update: { body: comment.body, token, hiddenById: userId, hiddenAt: new Date() },
    });
    try {
      await runDocCommand(userId, { ...target, type: "comment.hide", hidden: true, token });
    } catch (error) {
      await db.hiddenCommentBody.deleteMany({ where: { commentId: comment.id, token } });
      throw error;
    }
    hidden = true;
  } else if (action === "unhide" && comment.hidden) {
    const kept = await db.hiddenCommentBody.findUnique({ where: { commentId: comment.id } });
    if (!kept) throw new AppError("conflict", "The hidden text of this comment was not kept");
    await runDocCommand(userId, {
      ...target,
      type: "comment.hide",
      hidden: false,
      token: kept.token,
      body: kept.body,
    });
    await db.hiddenCommentBody.deleteMany({ where: { commentId: comment.id } });
    hidden = false;
  } else if (action === "remove" && !comment.deleted) {
    await runDocCommand(userId, { ...target, type: "comment.delete" });
    await db.hiddenCommentBody.deleteMany({ where: { commentId: comment.id } });
    deleted = true;
    hidden = false;
  }

  const resolved =
    action === "unhide"
      ? { count: 0 }
      : await db.commentFlag.updateMany({
          where: { commentId: comment.id, resolvedAt: null },
          data: { resolvedAt: new Date() },
        });
  return { commentId: comment.id, action, hidden, deleted, resolvedFlags: resolved.count };
}
