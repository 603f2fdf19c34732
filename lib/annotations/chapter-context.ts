import type pg from "pg";
import type { ChapterContext } from "@/lib/annotations/write-comment-projection";
import { AppError } from "@/lib/errors/app-error";

/** What a chapter's comment rows need besides the document: its text, group and search config. */
export async function chapterContext(
  q: Pick<pg.ClientBase, "query">,
  chapterId: string,
): Promise<ChapterContext> {
  const result = await q.query<{ textId: string; groupId: string; searchConfig: string }>(
    `SELECT c."textId", t."groupId", t."searchConfig" FROM "Chapter" c JOIN "Text" t ON t.id = c."textId" WHERE c.id = $1`,
    [chapterId],
  );
  const row = result.rows[0];
  if (!row) throw new AppError("not_found", "chapter not found");
  return { chapterId, ...row };
}
