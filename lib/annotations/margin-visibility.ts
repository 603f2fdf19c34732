import { db } from "@/lib/db/prisma";
import { reachedParagraphPosition } from "@/lib/reading-reach/spoiler-rule";

/**
 * With "hide comments beyond where I have read" on, the index of the last paragraph the member
 * has reached in this chapter: comments anchored further on stay closed (their own excepted).
 * null: show everything (the setting is off, or the chapter is marked read). The same rule as
 * the shield everywhere else (`shieldedKeys`).
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
  return hiddenAfterFromProgress(user?.hideCommentsBeyondProgress ?? false, progress, paragraphIds);
}

/** The same rule on rows already read (the reader page reads them with the rest of its data). */
export function hiddenAfterFromProgress(
  hideCommentsBeyondProgress: boolean,
  progress: { paragraphId: string | null; fraction: number; completedAt: Date | null } | null,
  paragraphIds: string[],
): number | null {
  if (!hideCommentsBeyondProgress) return null;
  return reachedParagraphPosition(
    progress
      ? {
          paragraphPosition: progress.paragraphId ? paragraphIds.indexOf(progress.paragraphId) : -1,
          fraction: progress.fraction,
          paragraphCount: paragraphIds.length,
          completedAt: progress.completedAt,
        }
      : null,
  );
}
