import type { DbTransaction } from "@/lib/db/prisma";

export type ParagraphMove = { paragraphId: string; fromChapterId: string; toChapterId: string };

/**
 * Called inside the transaction that splits or merges chapters: comment threads anchored to
 * the moved paragraphs follow them to their new chapter.
 */
export async function moveCommentThreads(tx: DbTransaction, moves: ParagraphMove[]): Promise<void> {
  for (const move of moves) {
    if (move.fromChapterId === move.toChapterId) continue;
    await tx.comment.updateMany({
      where: { paragraphId: move.paragraphId, chapterId: move.fromChapterId },
      data: { chapterId: move.toChapterId },
    });
  }
}
