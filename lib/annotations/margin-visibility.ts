import { db } from "@/lib/db/prisma";
import { isChapterRead } from "@/lib/progress/chapter-read";

/**
 * With "hide comments beyond where I have read" on, the index of the last paragraph the member
 * has reached in this chapter: comments anchored further on stay closed (their own excepted).
 * null: show everything (the setting is off, or the chapter is marked read).
 */
export async function hiddenAfterParagraphIndex(
  userId: string,
  chapterId: string,
  paragraphIds: string[],
): Promise<number | null> {
  const [user, progress] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { hideCommentsBeyondProgress: true } }),
    db.readingProgress.findUnique({
      where: { userId_chapterId: { userId, chapterId } },
      select: { paragraphId: true, fraction: true, completedAt: true },
    }),
  ]);
  if (!user?.hideCommentsBeyondProgress || (progress && isChapterRead(progress))) return null;
  if (!progress) return -1;
  const reached = progress.paragraphId ? paragraphIds.indexOf(progress.paragraphId) : -1;
  const byFraction = Math.floor(progress.fraction * paragraphIds.length) - 1;
  return Math.max(reached, byFraction);
}
