import type pg from "pg";
import type { TCommentRow } from "@/lib/annotations/comment-projection";
import { coalesced } from "@/lib/db/coalesce";
import { AppError } from "@/lib/errors/app-error";

export type ChapterContext = {
  chapterId: string;
  textId: string;
  groupId: string;
  searchConfig: string;
};

const UPSERT_COLUMNS = `"Comment" (id, "threadId", "groupId", "textId", "chapterId", "paragraphId", "authorId", "isRoot", position,
         body, quote, resolved, "resolvedBy", "resolvedAt", deleted, "deletedBy", reactions, "createdAt", "editedAt", tsv, hidden)`;
// A message id of another chapter or thread is left alone (the row is then not returned).
const ON_CONFLICT = `ON CONFLICT (id) DO UPDATE SET
         "paragraphId" = EXCLUDED."paragraphId", position = EXCLUDED.position, body = EXCLUDED.body,
         quote = EXCLUDED.quote, resolved = EXCLUDED.resolved, "resolvedBy" = EXCLUDED."resolvedBy",
         "resolvedAt" = EXCLUDED."resolvedAt", deleted = EXCLUDED.deleted, "deletedBy" = EXCLUDED."deletedBy",
         hidden = EXCLUDED.hidden, reactions = EXCLUDED.reactions, "editedAt" = EXCLUDED."editedAt", tsv = EXCLUDED.tsv
       WHERE "Comment"."chapterId" = EXCLUDED."chapterId" AND "Comment"."threadId" = EXCLUDED."threadId"`;

type Write = { chapter: ChapterContext; rows: TCommentRow[] };

/** Upserts rows one statement each, in order (a row written twice: the later one wins). */
async function writeOneByOne(client: Pick<pg.ClientBase, "query">, write: Write) {
  const { chapter } = write;
  const refused: string[] = [];
  for (const row of write.rows) {
    const result = await client.query(
      `INSERT INTO ${UPSERT_COLUMNS}
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
         to_tsvector($20::regconfig, $10 || ' ' || $11), $21)
       ${ON_CONFLICT}`,
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
    if (result.rowCount === 0) refused.push(row.messageId);
  }
  return refused;
}

/**
 * Every write of one group commit in one statement (lib/db/coalesce.ts); answers, per write, the
 * message ids that were refused. One statement cannot upsert a row twice, so writes that touch
 * the same message go one by one, in order.
 */
const writeTogether = coalesced<Pick<pg.ClientBase, "query">, Write, string[]>(
  async (client, writes) => {
    const all = writes.flatMap((write) =>
      write.rows.map((row) => ({ row, chapter: write.chapter })),
    );
    if (new Set(all.map(({ row }) => row.messageId)).size !== all.length) {
      const refused: string[][] = [];
      for (const write of writes) refused.push(await writeOneByOne(client, write));
      return refused;
    }
    const column = <T>(pick: (entry: (typeof all)[number]) => T) => all.map(pick);
    const result = await client.query<{ id: string }>(
      `INSERT INTO ${UPSERT_COLUMNS}
       SELECT id, thread_id, group_id, text_id, chapter_id, paragraph_id, author_id, position = 0, position,
              body, quote, resolved, resolved_by, resolved_at, deleted, deleted_by, reactions, created_at,
              edited_at, to_tsvector(search_config::regconfig, body || ' ' || quote), hidden
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::int[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::timestamp(3)[],
                     $14::boolean[], $15::text[], $16::jsonb[], $17::timestamp(3)[], $18::timestamp(3)[],
                     $19::text[], $20::boolean[])
           AS r(id, thread_id, group_id, text_id, chapter_id, paragraph_id, author_id, position, body, quote,
                resolved, resolved_by, resolved_at, deleted, deleted_by, reactions, created_at, edited_at,
                search_config, hidden)
       ${ON_CONFLICT}
       RETURNING id`,
      [
        column(({ row }) => row.messageId),
        column(({ row }) => row.threadId),
        column(({ chapter }) => chapter.groupId),
        column(({ chapter }) => chapter.textId),
        column(({ chapter }) => chapter.chapterId),
        column(({ row }) => row.paragraphId),
        column(({ row }) => row.authorId),
        column(({ row }) => row.position),
        column(({ row }) => row.body),
        column(({ row }) => row.quote),
        column(({ row }) => row.resolved),
        column(({ row }) => row.resolvedBy),
        column(({ row }) => row.resolvedAt),
        column(({ row }) => row.deleted),
        column(({ row }) => row.deletedBy),
        column(({ row }) => JSON.stringify(row.reactions)),
        column(({ row }) => row.createdAt),
        column(({ row }) => row.editedAt),
        column(({ chapter }) => chapter.searchConfig),
        column(({ row }) => row.hidden),
      ],
    );
    const written = new Set(result.rows.map((row) => row.id));
    return writes.map((write) =>
      write.rows.map((row) => row.messageId).filter((id) => !written.has(id)),
    );
  },
);

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
  if (rows.length === 0) return;
  const refused = await writeTogether(client, { chapter, rows });
  if (refused[0] !== undefined)
    throw new AppError("conflict", `message id ${refused[0]} already names a message elsewhere`);
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
