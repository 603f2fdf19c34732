import * as Y from "yjs";
import { messageIndex, threadsMap } from "@/lib/annotations/comment-document";
import type { TCommentAnchor } from "@/lib/annotations/comment-schemas";

/**
 * A member's private notes (`notes:<chapterId>`) use the comment document's schema, written by
 * the member's own client: only they can open the document, so no server check is needed.
 */
export function addPrivateNote(
  doc: Y.Doc,
  note: {
    threadId: string;
    messageId: string;
    anchor: TCommentAnchor;
    body: string;
    userId: string;
    at?: Date;
  },
): void {
  const at = (note.at ?? new Date()).toISOString();
  doc.transact(() => {
    const message = new Y.Map<unknown>();
    message.set("id", note.messageId);
    message.set("authorId", note.userId);
    message.set("body", note.body);
    message.set("createdAt", at);
    const messages = new Y.Array<Y.Map<unknown>>();
    messages.push([message]);
    const thread = new Y.Map<unknown>();
    thread.set("id", note.threadId);
    thread.set("authorId", note.userId);
    thread.set("createdAt", at);
    thread.set("anchor", { ...note.anchor });
    thread.set("resolved", false);
    thread.set("messages", messages);
    threadsMap(doc).set(note.threadId, thread);
    messageIndex(doc).set(note.messageId, note.threadId);
  });
}

export function editPrivateNote(doc: Y.Doc, threadId: string, body: string, at = new Date()): void {
  const thread = threadsMap(doc).get(threadId);
  const message = (thread?.get("messages") as Y.Array<Y.Map<unknown>> | undefined)?.get(0);
  if (!message) return;
  doc.transact(() => {
    message.set("body", body);
    message.set("editedAt", at.toISOString());
  });
}

export function deletePrivateNote(doc: Y.Doc, threadId: string): void {
  const thread = threadsMap(doc).get(threadId);
  if (!thread) return;
  doc.transact(() => {
    for (const message of (
      thread.get("messages") as Y.Array<Y.Map<unknown>> | undefined
    )?.toArray() ?? []) {
      messageIndex(doc).delete(String(message.get("id")));
    }
    threadsMap(doc).delete(threadId);
  });
}
