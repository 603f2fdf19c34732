import { db } from "@/lib/db/prisma";

export type TChapterCommentCounts = {
  /** Threads with at least one visible message. */
  threads: number;
  /** Visible messages (neither deleted nor hidden). */
  messages: number;
  /** Of those threads, the ones not resolved. */
  open: number;
};

/**
 * Comment counts per chapter of a text, for the table of contents, from the projection. Chapters
 * without visible comments are absent from the map.
 */
export async function commentCountsByChapter(
  textId: string,
): Promise<Map<string, TChapterCommentCounts>> {
  const rows = await db.$queryRaw<
    Array<{ chapterId: string; threads: bigint; messages: bigint; open: bigint }>
  >`SELECT "chapterId",
           COUNT(DISTINCT "threadId") AS threads,
           COUNT(*) AS messages,
           COUNT(DISTINCT "threadId") FILTER (WHERE NOT resolved) AS open
      FROM "Comment"
     WHERE "textId" = ${textId} AND NOT deleted AND NOT hidden
     GROUP BY "chapterId"`;
  return new Map(
    rows.map((row) => [
      row.chapterId,
      { threads: Number(row.threads), messages: Number(row.messages), open: Number(row.open) },
    ]),
  );
}
