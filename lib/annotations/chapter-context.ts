import type pg from "pg";
import type { ChapterContext } from "@/lib/annotations/write-comment-projection";
import { AppError } from "@/lib/errors/app-error";

// A chapter's text, group and search configuration never change while it exists, so every
// comment command on a chapter need not read them again: a bounded memo, oldest out first.
const known = new Map<string, ChapterContext>();
const KNOWN_MAX = 2_000;

/** What a chapter's comment rows need besides the document: its text, group and search config. */
export async function chapterContext(
  q: Pick<pg.ClientBase, "query">,
  chapterId: string,
): Promise<ChapterContext> {
  const cached = known.get(chapterId);
  if (cached) return cached;
  const result = await q.query<{ textId: string; groupId: string; searchConfig: string }>(
    `SELECT c."textId", t."groupId", t."searchConfig" FROM "Chapter" c JOIN "Text" t ON t.id = c."textId" WHERE c.id = $1`,
    [chapterId],
  );
  const row = result.rows[0];
  if (!row) throw new AppError("not_found", "chapter not found");
  const context = { chapterId, ...row };
  if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value as string);
  known.set(chapterId, context);
  return context;
}
