import { db } from "@/lib/db/prisma";
import { chapterProgressView } from "@/lib/reading-reach/chapter-read";

/** The member's progress on these chapters: chapterId → { fraction, completed } (1 once read). */
export async function myChapterProgress(
  userId: string,
  chapterIds: readonly string[],
): Promise<Map<string, { fraction: number; completed: boolean }>> {
  if (chapterIds.length === 0) return new Map();
  const rows = await db.readingProgress.findMany({
    where: { userId, chapterId: { in: [...chapterIds] } },
    select: { chapterId: true, fraction: true, completedAt: true },
  });
  return new Map(rows.map((row) => [row.chapterId, chapterProgressView(row)]));
}
