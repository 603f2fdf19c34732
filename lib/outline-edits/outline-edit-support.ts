import type { DbTransaction } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

/** A chapter's row in an outline edit. */
export type TEditedChapter = {
  id: string;
  textId: string;
  index: number;
  title: string;
  wordCount: number;
};

/**
 * Locks the chapter's text for the rest of the transaction, so two outline edits on the same
 * text run one after the other (chapter indexes stay a gapless sequence).
 */
export async function lockChapterText(
  tx: DbTransaction,
  chapterId: string,
): Promise<TEditedChapter> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM "Text" t JOIN "Chapter" c ON c."textId" = t.id WHERE c.id = ${chapterId} FOR UPDATE OF t`;
  if (rows.length === 0) throw new AppError("not_found", "Chapter not found");
  const chapter = await tx.chapter.findUnique({
    where: { id: chapterId },
    select: { id: true, textId: true, index: true, title: true, wordCount: true },
  });
  if (!chapter) throw new AppError("not_found", "Chapter not found");
  return chapter;
}

/** Every outline edit bumps the text's updatedAt: the reader cache keys on it. */
export async function touchText(tx: DbTransaction, textId: string): Promise<void> {
  await tx.text.update({ where: { id: textId }, data: { updatedAt: new Date() } });
}
