import { db } from "@/lib/db/prisma";
import { forgetChapters } from "@/lib/texts/get-chapter";
import { lockChapterText, touchText } from "@/lib/outline-edits/outline-edit-support";
import type { TRenameChapterInput } from "@/lib/texts/text-schemas";

/** Gives a chapter a new title (the caller has authorised `texts.edit` on the chapter). */
export async function renameChapter(chapterId: string, input: TRenameChapterInput) {
  const chapter = await db.$transaction(async (tx) => {
    const current = await lockChapterText(tx, chapterId);
    const renamed = await tx.chapter.update({
      where: { id: chapterId },
      data: { title: input.title },
      select: { id: true, textId: true, index: true, title: true, wordCount: true },
    });
    await touchText(tx, current.textId);
    return renamed;
  });
  forgetChapters([chapterId]);
  return chapter;
}
