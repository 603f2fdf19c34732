import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { chapterDoc, notesStoragePrefix } from "@/lib/documents/names";
import { deleteDocuments, lockDocuments } from "@/lib/documents/store";
import { realtimeRegistry } from "@/lib/app/realtime-registry";
import { forgetChapters } from "@/lib/texts/get-chapter";

/** Removing a large book deletes many rows; the default 5 s transaction limit is too tight. */
const DELETE_TRANSACTION_TIMEOUT_MS = 2 * 60_000;

/**
 * Deletes a text of the group and everything that hangs off its chapters, in one transaction:
 * - by cascade from Chapter: paragraphs, Comment projection rows (and their flags), reading
 *   progress, assignments (and their member lists), session links, held comments, session
 *   marks (and votes) and chapter recaps. Sessions stay, without these chapters; a series
 *   planned over the text stays, unlinked from it.
 * - explicitly (nothing references them by key): the stored Yjs documents of every chapter
 *   (`chapter:<id>` and each member's `notes:<id>:<userId>`, log and snapshots), their
 *   processed-command records, hidden comment bodies and the notifications that link to the
 *   text's comments.
 * The chapter documents are locked first (the writers' lock), so a comment command in flight
 * finishes before, and one queued behind fails on the vanished chapter. After the commit, open
 * sockets on those documents are told (`y-error` not_found) and dropped from them; a later
 * join answers not_found, as the chapters no longer exist.
 */
export async function deleteText(access: GroupAccess, textId: string): Promise<void> {
  const chapterIds = await db.$transaction(
    async (tx) => {
      // The text's row lock: outline edits (split, merge, rename) on it wait, then find nothing.
      const found = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Text" WHERE id = ${textId} AND "groupId" = ${access.groupId} FOR UPDATE`;
      if (found.length === 0) throw new AppError("not_found", "Text not found");
      const chapters = await tx.chapter.findMany({ where: { textId }, select: { id: true } });
      const ids = chapters.map((chapter) => chapter.id);
      const chapterDocs = ids.map(chapterDoc);
      await lockDocuments(tx, chapterDocs);

      await tx.$executeRaw`
        DELETE FROM "HiddenCommentBody"
         WHERE "groupId" = ${access.groupId}
           AND "commentId" IN (SELECT id FROM "Comment" WHERE "textId" = ${textId})`;
      await tx.$executeRaw`
        DELETE FROM "Notification"
         WHERE "groupId" = ${access.groupId}
           AND (payload->>'textId' = ${textId} OR payload->>'chapterId' = ANY(${ids}))`;
      // Private notes are stored per member (`notes:<chapterId>:<userId>`): matched by prefix.
      await deleteDocuments(tx, { names: chapterDocs, prefixes: ids.map(notesStoragePrefix) });
      await tx.text.delete({ where: { id: textId } });
      return ids;
    },
    { timeout: DELETE_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
  forgetChapters(chapterIds);
  await realtimeRegistry()
    .onDocumentsRemoved?.(access.groupId)
    .catch((error: unknown) => console.error("[texts] telling open sockets failed:", error));
}
