import { createHash } from "node:crypto";
import { runCommentCommand } from "@/lib/annotations/commands/run-comment-command";
import type { TAnchor } from "@/lib/annotations/anchoring/anchor";
import { MAX_BODY_CHARS, MAX_TAGS } from "@/lib/annotations/comment-schemas";
import type { TImportedMessage, TUnmatchedReason } from "@/lib/annotations/export/from-hypothesis";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseAnnotationFile } from "@/lib/annotations/parse-annotation-file";
import { chapterDoc } from "@/lib/documents/names";

/** Import files may be larger than ordinary JSON bodies (a year of a group's annotations). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/**
 * Command ids of imports start with this, so what follows a command (notifications) can tell a
 * bulk import from a member writing.
 */
export const IMPORT_COMMAND_PREFIX = "import-";

export type TImportUnmatched = {
  originalId: string;
  originalAuthor: string;
  quote: string | null;
  reason: TUnmatchedReason | "refused" | "thread-not-imported";
  message?: string;
  candidate?: { anchor: TAnchor; score: number };
};

export type TImportAnnotationsResult = {
  /** Threads created by this import. */
  imported: number;
  /** Replies created by this import (in new or earlier imported threads). */
  importedReplies: number;
  /** Threads and replies already imported before (same source annotation id). */
  alreadyImported: number;
  unmatched: TImportUnmatched[];
};

/** A stable id from the text and the source annotation: importing again finds the same ids. */
export function importedId(kind: "thread" | "message", textId: string, originalId: string): string {
  const hash = createHash("sha256").update(`${kind}\n${textId}\n${originalId}`).digest("base64url");
  return `imp${kind === "thread" ? "t" : "m"}-${hash.slice(0, 40)}`;
}

function commandId(textId: string, originalId: string, userId: string): string {
  const hash = createHash("sha256")
    .update(`${textId}\n${originalId}\n${userId}`)
    .digest("base64url");
  return `${IMPORT_COMMAND_PREFIX}${hash.slice(0, 40)}`;
}

/** A command's result as the import reads it: done (perhaps before), or refused and why. */
async function runCommand(
  userId: string,
  payload: Record<string, unknown>,
): Promise<{ ok: boolean; duplicate: boolean; message: string }> {
  const outcome = await runCommentCommand(userId, payload);
  return outcome.ok
    ? { ok: true, duplicate: outcome.duplicate === true, message: "" }
    : { ok: false, duplicate: false, message: outcome.error.message };
}

/**
 * The body a thread whose opening was deleted at the source is created with (a message cannot
 * be empty); the import deletes that opening once the replies are in.
 */
export const DELETED_OPENING_BODY = "_(The opening comment was deleted.)_";

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (character) => `\\${character}`);
}

/**
 * The imported body, then the provenance as a separate last paragraph: a body that starts with
 * Markdown (a list, a heading, a quote) keeps its meaning.
 */
export function importedBody(source: string, message: TImportedMessage): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(message.createdAt)?.[0];
  const provenance = `\n\n${IMPORT_PROVENANCE_MARK}${escapeMarkdown(source)}: ${escapeMarkdown(
    message.originalAuthor,
  )}${date ? `, ${date}` : ""}_`;
  const text = message.body.trim() === "" ? DELETED_OPENING_BODY : message.body.trim();
  const room = MAX_BODY_CHARS - provenance.length;
  return `${text.length > room ? `${text.slice(0, room - 1)}…` : text}${provenance}`;
}

/** How the provenance paragraph of an imported message begins. */
export const IMPORT_PROVENANCE_MARK = "_Imported from ";

/** The body as written at the source: the provenance paragraph(s) of earlier imports removed. */
export function bodyWithoutProvenance(body: string): string {
  const at = body.indexOf(`\n\n${IMPORT_PROVENANCE_MARK}`);
  return at === -1 ? body : body.slice(0, at);
}

/**
 * Imports Hypothesis or W3C Web Annotation JSON into a text: each annotation placed by its quote
 * (fromHypothesis) becomes a thread, its replies the thread's replies, created through the same
 * command pipeline as members' comments (access check, storage, broadcast) under the importing
 * moderator's name, the original author and date written into the body. Ids derive from the
 * text and the source annotation id, so importing the same file again adds nothing twice.
 * The file (JSON text or a multipart body) is parsed and placed on a worker thread
 * (lib/annotations/parse-annotation-file.ts).
 */
export async function importAnnotations(input: {
  userId: string;
  groupId: string;
  textId: string;
  upload: Parameters<typeof parseAnnotationFile>[0];
}): Promise<TImportAnnotationsResult> {
  const text = await db.text.findFirst({
    where: { id: input.textId, groupId: input.groupId },
    select: {
      chapters: {
        orderBy: { index: "asc" },
        select: {
          id: true,
          paragraphs: { orderBy: { index: "asc" }, select: { id: true, text: true } },
        },
      },
    },
  });
  if (!text) throw new AppError("not_found", "Text not found");
  const {
    matched,
    unmatched,
    sourceLabel: source,
  } = await parseAnnotationFile(input.upload, text.chapters, { userId: input.userId });

  const result: TImportAnnotationsResult = {
    imported: 0,
    importedReplies: 0,
    alreadyImported: 0,
    unmatched: unmatched.flatMap((entry) => [
      {
        originalId: entry.originalId,
        originalAuthor: entry.originalAuthor,
        quote: entry.quote,
        reason: entry.reason,
        ...(entry.message ? { message: entry.message } : {}),
        ...(entry.candidate ? { candidate: entry.candidate } : {}),
      },
      // Replies of a thread that is not placed are listed too, so none vanishes unreported.
      ...entry.replies.map((reply) => ({
        originalId: reply.originalId,
        originalAuthor: reply.originalAuthor,
        quote: null,
        reason: "thread-not-imported" as const,
        message: `Its thread ${entry.originalId} was not imported (${entry.reason}).`,
      })),
    ]),
  };

  const ids = matched.flatMap((thread) => [
    importedId("message", input.textId, thread.originalId),
    ...thread.replies.map((reply) => importedId("message", input.textId, reply.originalId)),
  ]);
  const existing = new Set(
    (await db.comment.findMany({ where: { id: { in: ids } }, select: { id: true } })).map(
      (row) => row.id,
    ),
  );

  for (const thread of matched) {
    const threadId = importedId("thread", input.textId, thread.originalId);
    const messageId = importedId("message", input.textId, thread.originalId);
    const doc = chapterDoc(thread.anchor.chapterId);
    let createdNow = false;
    if (existing.has(messageId)) {
      result.alreadyImported++;
    } else {
      const ack = await runCommand(input.userId, {
        doc,
        id: commandId(input.textId, thread.originalId, input.userId),
        type: "comment.create",
        threadId,
        messageId,
        anchor: thread.anchor,
        body: importedBody(source, thread),
        ...(thread.tags.length > 0 ? { tags: thread.tags.slice(0, MAX_TAGS) } : {}),
      });
      if (!ack.ok) {
        result.unmatched.push({
          originalId: thread.originalId,
          originalAuthor: thread.originalAuthor,
          quote: thread.anchor.exact,
          reason: "refused",
          message: ack.message,
        });
        continue;
      }
      if (ack.duplicate) result.alreadyImported++;
      else {
        result.imported++;
        createdNow = true;
        if (thread.resolved) {
          await runCommand(input.userId, {
            doc,
            id: commandId(input.textId, `${thread.originalId}\nresolve`, input.userId),
            type: "thread.resolve",
            threadId,
          });
        }
      }
    }
    for (const reply of thread.replies) {
      const replyId = importedId("message", input.textId, reply.originalId);
      if (existing.has(replyId)) {
        result.alreadyImported++;
        continue;
      }
      const ack = await runCommand(input.userId, {
        doc,
        id: commandId(input.textId, reply.originalId, input.userId),
        type: "comment.reply",
        threadId,
        messageId: replyId,
        body: importedBody(source, reply),
      });
      if (!ack.ok) {
        result.unmatched.push({
          originalId: reply.originalId,
          originalAuthor: reply.originalAuthor,
          quote: null,
          reason: "refused",
          message: ack.message,
        });
      } else if (ack.duplicate) result.alreadyImported++;
      else result.importedReplies++;
    }
    // An opening deleted at the source (an empty comment body that anchors replies) is deleted
    // here too, once its replies are in: the thread then exports as it came, not with the
    // placeholder the create needed (a message cannot be created empty).
    if (createdNow && thread.body.trim() === "") {
      await runCommand(input.userId, {
        doc,
        id: commandId(input.textId, `${thread.originalId}\ndelete`, input.userId),
        type: "comment.delete",
        threadId,
        messageId,
      });
    }
  }
  return result;
}
