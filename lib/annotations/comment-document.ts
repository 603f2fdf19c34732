import * as Y from "yjs";
import type { TCommentAnchor } from "@/lib/annotations/comment-schemas";

/**
 * The comment document of one chapter (`chapter:<chapterId>`), written only by the server.
 *
 * Root Y.Map `threads`: threadId -> Y.Map
 *   id, authorId, createdAt (ISO), anchor (plain object, see ZCommentAnchor), resolved (boolean),
 *   resolvedBy (userId | null), resolvedAt (ISO | null),
 *   messages: Y.Array of Y.Map
 *     id, authorId, body, createdAt (ISO), editedAt? (ISO), deleted? (true), deletedBy? (userId),
 *     deletedAt? (ISO), reactions? (Y.Map emoji -> Y.Map userId -> ISO time of the reaction),
 *     hidden? (true), hiddenBy? (userId), hiddenAt? (ISO), hiddenDigest? (hex SHA-256 of the
 *     server's secret token, a newline and the hidden body; the body itself is emptied)
 * Root Y.Map `messageIndex`: messageId -> threadId. Lets the server find a message and refuse a
 *   reused id without scanning every thread; it can be rebuilt from `threads`.
 *
 * A deleted message keeps its map (so replies keep their place) with `deleted: true` and an
 * empty body.
 */
export const THREADS_KEY = "threads";
export const MESSAGE_INDEX_KEY = "messageIndex";

/** The transaction origin of every server-applied command, so observers can tell them apart. */
export const COMMENT_COMMAND_ORIGIN = "marginalia:comment-command";

export type TMessageSnapshot = {
  id: string;
  authorId: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  deletedBy: string | null;
  deletedAt: string | null;
  /** emoji -> userIds in the order they reacted */
  reactions: Record<string, string[]>;
  /** Present (true) only while a moderator keeps the message hidden; its body is then empty. */
  hidden?: true;
  hiddenBy?: string | null;
  hiddenAt?: string | null;
};

export type TThreadSnapshot = {
  id: string;
  authorId: string;
  createdAt: string;
  anchor: TCommentAnchor;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** Tags given when the thread was created (imports); empty or absent when none. */
  tags?: string[];
  messages: TMessageSnapshot[];
};

export function threadsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(THREADS_KEY);
}

export function messageIndex(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(MESSAGE_INDEX_KEY);
}

export function messagesOf(thread: Y.Map<unknown>): Y.Array<Y.Map<unknown>> | null {
  const messages = thread.get("messages");
  return messages instanceof Y.Array ? (messages as Y.Array<Y.Map<unknown>>) : null;
}

export function findMessage(thread: Y.Map<unknown>, messageId: string): Y.Map<unknown> | null {
  const messages = messagesOf(thread);
  if (!messages) return null;
  for (const message of messages) {
    if (message instanceof Y.Map && message.get("id") === messageId) return message;
  }
  return null;
}

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function strOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function readReactions(value: unknown): Record<string, string[]> {
  const reactions: Record<string, string[]> = {};
  if (!(value instanceof Y.Map)) return reactions;
  for (const [emoji, users] of (value as Y.Map<unknown>).entries()) {
    if (!(users instanceof Y.Map)) continue;
    const entries = [...(users as Y.Map<unknown>).entries()].map(
      ([userId, at]) => [userId, str(at)] as const,
    );
    if (entries.length === 0) continue;
    entries.sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1].localeCompare(b[1])));
    reactions[emoji] = entries.map(([userId]) => userId);
  }
  return reactions;
}

export function readMessage(message: Y.Map<unknown>): TMessageSnapshot {
  const hidden =
    message.get("hidden") === true
      ? {
          hidden: true as const,
          hiddenBy: strOrNull(message.get("hiddenBy")),
          hiddenAt: strOrNull(message.get("hiddenAt")),
        }
      : {};
  return {
    id: str(message.get("id")),
    authorId: str(message.get("authorId")),
    body: str(message.get("body")),
    createdAt: str(message.get("createdAt")),
    editedAt: strOrNull(message.get("editedAt")),
    deleted: message.get("deleted") === true,
    deletedBy: strOrNull(message.get("deletedBy")),
    deletedAt: strOrNull(message.get("deletedAt")),
    reactions: readReactions(message.get("reactions")),
    ...hidden,
  };
}

function tagsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === "string") : [];
}

export function readThread(thread: Y.Map<unknown>): TThreadSnapshot {
  const messages = messagesOf(thread);
  return {
    id: str(thread.get("id")),
    authorId: str(thread.get("authorId")),
    createdAt: str(thread.get("createdAt")),
    // Stored as a plain object written by the server after validation; copied so callers cannot mutate it.
    anchor: { ...(thread.get("anchor") as TCommentAnchor) },
    resolved: thread.get("resolved") === true,
    resolvedBy: strOrNull(thread.get("resolvedBy")),
    resolvedAt: strOrNull(thread.get("resolvedAt")),
    tags: tagsOf(thread.get("tags")),
    messages: messages
      ? messages
          .toArray()
          .filter((m) => m instanceof Y.Map)
          .map(readMessage)
      : [],
  };
}

/** Plain snapshot of every thread, oldest first (ties by id), for projection rebuild, export and tests. */
export function readThreads(doc: Y.Doc): TThreadSnapshot[] {
  const threads: TThreadSnapshot[] = [];
  for (const thread of threadsMap(doc).values()) {
    if (thread instanceof Y.Map) threads.push(readThread(thread));
  }
  threads.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
  );
  return threads;
}
