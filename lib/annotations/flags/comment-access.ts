import { authorize, type GroupAccess } from "@/lib/access/authorize";
import type { GroupAction } from "@/lib/access/permissions";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

export const commentSelect = {
  id: true,
  threadId: true,
  groupId: true,
  textId: true,
  chapterId: true,
  authorId: true,
  body: true,
  deleted: true,
  hidden: true,
} as const;

/**
 * The comment (a message's projection row) and the caller's access to its chapter. Unknown
 * comments and comments of groups the caller is not in are both not_found.
 */
export async function authorizeComment(userId: string, messageId: string, action: GroupAction) {
  const comment = await db.comment.findUnique({ where: { id: messageId }, select: commentSelect });
  if (!comment) throw new AppError("not_found", "Comment not found");
  let access: GroupAccess;
  try {
    access = await authorize(userId, action, { type: "chapter", id: comment.chapterId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found")
      throw new AppError("not_found", "Comment not found");
    throw error;
  }
  return { comment, access };
}
