import { z } from "zod";
import { authorizeComment } from "@/lib/annotations/flags/comment-access";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";

export const ZFlagCommentInput = z.object({
  reason: z.string().trim().max(500, "at most 500 characters").default(""),
});
export type TFlagCommentInput = z.input<typeof ZFlagCommentInput>;

export type TCommentFlag = { id: string; commentId: string; reason: string; createdAt: string };

/**
 * A member flags a comment for the moderators: one open flag per member and comment (flagging
 * again after the moderators acted opens it anew). Deleted and hidden comments cannot be flagged.
 */
export async function flagComment(
  userId: string,
  messageId: string,
  input: unknown,
): Promise<TCommentFlag> {
  const { reason } = parseInput(ZFlagCommentInput, input);
  const { comment } = await authorizeComment(userId, messageId, "comments.write");
  if (comment.deleted || comment.hidden)
    throw new AppError("conflict", "This comment was already removed or hidden");
  const existing = await db.commentFlag.findUnique({
    where: { commentId_userId: { commentId: comment.id, userId } },
    select: { resolvedAt: true },
  });
  if (existing && !existing.resolvedAt)
    throw new AppError("conflict", "You already flagged this comment");
  const flag = await db.commentFlag.upsert({
    where: { commentId_userId: { commentId: comment.id, userId } },
    create: { commentId: comment.id, userId, reason },
    update: { reason, resolvedAt: null, createdAt: new Date() },
    select: { id: true, commentId: true, reason: true, createdAt: true },
  });
  return { ...flag, createdAt: flag.createdAt.toISOString() };
}
