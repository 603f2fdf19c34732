import { moveCommentThreads } from "@/lib/annotations/move-comment-threads";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { forgetChapters } from "@/lib/texts/get-chapter";
import { lockChapterText, touchText } from "@/lib/outline-edits/outline-edit-support";
import type { TMergeChapterInput } from "@/lib/texts/text-schemas";

const chapterFields = {
  id: true,
  textId: true,
  index: true,
  title: true,
  wordCount: true,
} as const;

/**
 * Merges a chapter with its next (or previous) neighbour. The earlier chapter stays, with its
 * id and title; the later one's paragraphs are appended to it with their ids unchanged, its
 * comment threads and members' private notes move along, its sessions, assignments and reading
 * progress point at the merged chapter, and it is removed.
 */
export async function mergeChapters(chapterId: string, input: TMergeChapterInput) {
  const result = await db.$transaction(async (tx) => {
    const chapter = await lockChapterText(tx, chapterId);
    const neighbour = await tx.chapter.findFirst({
      where:
        input.with === "next"
          ? { textId: chapter.textId, index: { gt: chapter.index } }
          : { textId: chapter.textId, index: { lt: chapter.index } },
      orderBy: { index: input.with === "next" ? "asc" : "desc" },
      select: chapterFields,
    });
    if (!neighbour) {
      throw new AppError(
        "unprocessable",
        input.with === "next"
          ? "This is the last chapter: there is no next chapter to merge it with."
          : "This is the first chapter: there is no previous chapter to merge it with.",
      );
    }
    const [first, second] = input.with === "next" ? [chapter, neighbour] : [neighbour, chapter];
    const offset = await tx.paragraph.count({ where: { chapterId: first.id } });
    const moved = await tx.paragraph.findMany({
      where: { chapterId: second.id },
      select: { id: true },
    });
    await tx.$executeRaw`
      UPDATE "Paragraph" SET "chapterId" = ${first.id}, index = index + ${offset}
      WHERE "chapterId" = ${second.id}`;
    // The removed chapter's documents are emptied into the merged one's: its comment threads,
    // and each member's private notes into that member's notes on the merged chapter.
    await moveCommentThreads(tx, [
      { wholeChapter: true, fromChapterId: second.id, toChapterId: first.id },
    ]);
    // Whatever still names the removed chapter follows its paragraphs.
    await tx.comment.updateMany({ where: { chapterId: second.id }, data: { chapterId: first.id } });
    await tx.$executeRaw`
      INSERT INTO "SessionChapter" ("sessionId", "chapterId", position)
      SELECT "sessionId", ${first.id}, position FROM "SessionChapter" WHERE "chapterId" = ${second.id}
      ON CONFLICT DO NOTHING`;
    await tx.assignment.updateMany({
      where: { chapterId: second.id },
      data: { chapterId: first.id },
    });
    await tx.$executeRaw`
      UPDATE "ReadingProgress" SET "chapterId" = ${first.id}
      WHERE "chapterId" = ${second.id}
        AND "userId" NOT IN (SELECT "userId" FROM "ReadingProgress" WHERE "chapterId" = ${first.id})`;
    await tx.chapter.delete({ where: { id: second.id } });
    await tx.chapter.updateMany({
      where: { textId: chapter.textId, index: { gt: second.index } },
      data: { index: { decrement: 1 } },
    });
    const merged = await tx.chapter.update({
      where: { id: first.id },
      data: { wordCount: first.wordCount + second.wordCount },
      select: chapterFields,
    });
    await touchText(tx, chapter.textId);
    return {
      chapter: merged,
      removedChapterId: second.id,
      movedParagraphIds: moved.map((p) => p.id),
    };
  });
  forgetChapters([result.chapter.id, result.removedChapterId]);
  return result;
}
