import { randomUUID } from "node:crypto";
import { moveCommentThreads } from "@/lib/annotations/move-comment-threads";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { forgetChapters } from "@/lib/texts/get-chapter";
import { countWords } from "@/lib/texts/outline-json";
import { lockChapterText, touchText } from "@/lib/outline-edits/outline-edit-support";
import type { TSplitChapterInput } from "@/lib/texts/text-schemas";

/**
 * Splits a chapter before the given paragraph: that paragraph and those after it become a new
 * chapter right after this one. Paragraph rows keep their ids (only their chapter and index
 * change), and the comment threads and members' private notes anchored to them move along in
 * the same transaction.
 */
export async function splitChapter(chapterId: string, input: TSplitChapterInput) {
  const result = await db.$transaction(async (tx) => {
    const chapter = await lockChapterText(tx, chapterId);
    const at = await tx.paragraph.findUnique({
      where: { id: input.paragraphId },
      select: { chapterId: true, index: true },
    });
    if (!at || at.chapterId !== chapterId) {
      throw new AppError("unprocessable", "That paragraph is not in this chapter.", {
        paragraphId: "Choose a paragraph of this chapter",
      });
    }
    if (at.index === 0) {
      throw new AppError(
        "unprocessable",
        "A chapter cannot be split at its first paragraph: the first part would be empty.",
        { paragraphId: "Choose a paragraph after the first one" },
      );
    }
    const moved = await tx.paragraph.findMany({
      where: { chapterId, index: { gte: at.index } },
      select: { id: true, text: true },
    });
    const movedWords = moved.reduce((sum, paragraph) => sum + countWords(paragraph.text), 0);
    await tx.chapter.updateMany({
      where: { textId: chapter.textId, index: { gt: chapter.index } },
      data: { index: { increment: 1 } },
    });
    const created = await tx.chapter.create({
      data: {
        id: randomUUID(),
        textId: chapter.textId,
        index: chapter.index + 1,
        title: input.title,
        wordCount: movedWords,
      },
      select: { id: true, textId: true, index: true, title: true, wordCount: true },
    });
    await tx.$executeRaw`
      UPDATE "Paragraph" SET "chapterId" = ${created.id}, index = index - ${at.index}
      WHERE "chapterId" = ${chapterId} AND index >= ${at.index}`;
    const kept = await tx.chapter.update({
      where: { id: chapterId },
      data: { wordCount: Math.max(0, chapter.wordCount - movedWords) },
      select: { id: true, textId: true, index: true, title: true, wordCount: true },
    });
    await moveCommentThreads(
      tx,
      moved.map((paragraph) => ({
        paragraphId: paragraph.id,
        fromChapterId: chapterId,
        toChapterId: created.id,
      })),
    );
    await touchText(tx, chapter.textId);
    return { chapter: kept, newChapter: created, movedParagraphIds: moved.map((p) => p.id) };
  });
  forgetChapters([chapterId]);
  return result;
}
