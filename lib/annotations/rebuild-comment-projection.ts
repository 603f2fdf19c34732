import type pg from "pg";
import * as Y from "yjs";
import { commentRowsFromDoc } from "@/lib/annotations/comment-projection";
import { writeCommentProjection } from "@/lib/annotations/write-comment-projection";
import { docNamePrefix } from "@/lib/documents/names";
import { inDocumentTransaction, loadStoredState, storedDocumentNames } from "@/lib/documents/store";

/**
 * Rebuilds the Comment rows of every chapter from its document alone (the documents are the
 * truth; the rows are a projection). Each chapter in its own transaction, under its lock.
 */
export async function rebuildCommentProjection(
  pool: pg.Pool,
  onProgress: (done: number, total: number, chapterId: string) => void = () => undefined,
): Promise<{ chapters: number; rows: number }> {
  const prefix = docNamePrefix("chapter");
  const names = await storedDocumentNames(pool, prefix);
  let rows = 0;
  let done = 0;
  for (const docName of names) {
    const chapterId = docName.slice(prefix.length);
    const chapter = await pool.query<{ textId: string; groupId: string; searchConfig: string }>(
      `SELECT c."textId", t."groupId", t."searchConfig" FROM "Chapter" c JOIN "Text" t ON t.id = c."textId" WHERE c.id = $1`,
      [chapterId],
    );
    const context = chapter.rows[0];
    if (context) {
      rows += await inDocumentTransaction(pool, docName, async (client) => {
        const stored = await loadStoredState(client, docName);
        const doc = new Y.Doc();
        if (stored.updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
        const projection = commentRowsFromDoc(doc, chapterId);
        await client.query(`DELETE FROM "Comment" WHERE "chapterId" = $1`, [chapterId]);
        await writeCommentProjection(client, { chapterId, ...context }, projection);
        doc.destroy();
        return projection.length;
      });
    }
    onProgress(++done, names.length, chapterId);
  }
  return { chapters: done, rows };
}
