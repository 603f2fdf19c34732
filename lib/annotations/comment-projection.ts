import type * as Y from "yjs";
import { readThreads, type TThreadSnapshot } from "@/lib/annotations/comment-document";

/**
 * One plain `Comment` row per message, kept in step with the comment document for search,
 * counts, export and notifications. Key rows by (chapterId, messageId): message ids are made by
 * clients and only unique inside one chapter's document.
 */
export type TCommentRow = {
  chapterId: string;
  threadId: string;
  messageId: string;
  /** 0 for the message that opened the thread, then replies in order. */
  position: number;
  paragraphId: string;
  /** The quoted passage (TextQuoteSelector.exact), denormalised for search and export. */
  quote: string;
  authorId: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  deletedBy: string | null;
  /** A moderator hid it (its body is then empty, kept aside by the moderation code). */
  hidden: boolean;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  /** emoji -> userIds */
  reactions: Record<string, string[]>;
};

/** What the caller must write to the projection, in the same DB transaction as the update. */
export type ProjectionChange = { kind: "comment.upsert"; row: TCommentRow };

function date(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

/** Rows for a thread's messages; `onlyMessageIds` narrows to the messages a command touched. */
export function commentRowsForThread(
  chapterId: string,
  thread: TThreadSnapshot,
  onlyMessageIds?: ReadonlySet<string>,
): TCommentRow[] {
  const rows: TCommentRow[] = [];
  thread.messages.forEach((message, position) => {
    if (onlyMessageIds && !onlyMessageIds.has(message.id)) return;
    rows.push({
      chapterId,
      threadId: thread.id,
      messageId: message.id,
      position,
      paragraphId: thread.anchor.paragraphId,
      quote: thread.anchor.exact,
      authorId: message.authorId,
      body: message.body,
      createdAt: new Date(message.createdAt),
      editedAt: date(message.editedAt),
      deleted: message.deleted,
      deletedBy: message.deletedBy,
      hidden: message.hidden === true,
      resolved: thread.resolved,
      resolvedBy: thread.resolvedBy,
      resolvedAt: date(thread.resolvedAt),
      reactions: message.reactions,
    });
  });
  return rows;
}

/** Every row of a chapter, to rebuild the projection from the document alone. */
export function commentRowsFromDoc(doc: Y.Doc, chapterId: string): TCommentRow[] {
  return readThreads(doc).flatMap((thread) => commentRowsForThread(chapterId, thread));
}
