import type pg from "pg";
import type { TCommentRow } from "@/lib/annotations/comment-projection";
import { AppError } from "@/lib/errors/app-error";

export type ChapterContext = {
  chapterId: string;
  textId: string;
  groupId: string;
  searchConfig: string;
};

/**
 * Writes comment rows in the transaction that stores the document update. A message id that
 * already belongs to another chapter is a conflict (ids are client-made; one may not take over
 * another's row).
 */
export async function writeCommentProjection(
  client: Pick<pg.ClientBase, "query">,
  chapter: ChapterContext,
  rows: TCommentRow[],
): Promise<void> {
  for (const row of rows) {
    const result = await client.query(
      `INSERT INTO "Comment" (id, "threadId", "groupId", "textId", "chapterId", "paragraphId", "authorId", "isRoot", position,
         body, quote, resolved, "resolvedBy", "resolvedAt", deleted, "deletedBy", reactions, "createdAt", "editedAt", tsv, hidden)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
         to_tsvector($20::regconfig, $10 || ' ' || $11), $21)
       ON CONFLICT (id) DO UPDATE SET
         "paragraphId" = EXCLUDED."paragraphId", position = EXCLUDED.position, body = EXCLUDED.body,
         quote = EXCLUDED.quote, resolved = EXCLUDED.resolved, "resolvedBy" = EXCLUDED."resolvedBy",
         "resolvedAt" = EXCLUDED."resolvedAt", deleted = EXCLUDED.deleted, "deletedBy" = EXCLUDED."deletedBy",
         hidden = EXCLUDED.hidden, reactions = EXCLUDED.reactions, "editedAt" = EXCLUDED."editedAt", tsv = EXCLUDED.tsv
       WHERE "Comment"."chapterId" = EXCLUDED."chapterId" AND "Comment"."threadId" = EXCLUDED."threadId"`,
      [
        row.messageId,
        row.threadId,
        chapter.groupId,
        chapter.textId,
        chapter.chapterId,
        row.paragraphId,
        row.authorId,
        row.position === 0,
        row.position,
        row.body,
        row.quote,
        row.resolved,
        row.resolvedBy,
        row.resolvedAt,
        row.deleted,
        row.deletedBy,
        JSON.stringify(row.reactions),
        row.createdAt,
        row.editedAt,
        chapter.searchConfig,
        row.hidden,
      ],
    );
    if (result.rowCount === 0)
      throw new AppError(
        "conflict",
        `message id ${row.messageId} already names a message elsewhere`,
      );
  }
}

/** Is this id already used by a message or thread of another chapter? */
export async function idTakenElsewhere(
  client: Pick<pg.ClientBase, "query">,
  chapterId: string,
  ids: { threadId?: string; messageId?: string },
): Promise<boolean> {
  const result = await client.query(
    `SELECT 1 FROM "Comment" WHERE "chapterId" <> $1 AND (id = $2 OR "threadId" = $3 OR id = $3 OR "threadId" = $2) LIMIT 1`,
    [chapterId, ids.messageId ?? "", ids.threadId ?? ""],
  );
  return (result.rowCount ?? 0) > 0;
}
