import * as Y from "yjs";
import { MESSAGE_INDEX_KEY, THREADS_KEY } from "@/lib/annotations/comment-document";
import { MAX_BODY_CHARS, ZClientId, ZCommentAnchor } from "@/lib/annotations/comment-schemas";
import { getEnv } from "@/lib/env";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";
import type { TDocKind } from "@/lib/documents/names";

/** Caps on a document that members write with raw Yjs updates (private and shared notes). */
export type TMemberDocumentBudget = { maxBytes: number; maxChars: number };

export function memberDocumentBudget(env = getEnv()): TMemberDocumentBudget {
  return {
    maxBytes: env.REALTIME_MEMBER_DOC_MAX_BYTES,
    maxChars: env.REALTIME_MEMBER_DOC_MAX_CHARS,
  };
}

export type TMemberWriteRefusal = {
  code: "document_too_large" | "invalid_document";
  message: string;
};

function describeBytes(bytes: number): string {
  return bytes >= 1_000_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : `${Math.round(bytes / 1_000)} KB`;
}

/** The text a member wrote: the shared notes' Markdown, or the bodies of private notes. */
function textLength(kind: TDocKind, doc: Y.Doc): number {
  if (kind === "session-notes") return doc.getText(SESSION_NOTES_TEXT).length;
  let total = 0;
  for (const thread of doc.getMap<unknown>(THREADS_KEY).values()) {
    const messages = thread instanceof Y.Map ? (thread.get("messages") as unknown) : undefined;
    if (!(messages instanceof Y.Array)) continue;
    for (const message of messages.toArray() as unknown[]) {
      const body = message instanceof Y.Map ? (message.get("body") as unknown) : undefined;
      if (typeof body === "string") total += body.length;
    }
  }
  return total;
}

const isString = (value: unknown): value is string => typeof value === "string";

/**
 * The structure the server later reads from private notes (moving them on a chapter split or
 * merge, see lib/annotations/move-comment-threads.ts): the comment document's schema
 * (lib/annotations/comment-document.ts) with one message per note. Returns what is wrong.
 */
export function privateNotesProblem(doc: Y.Doc): string | null {
  for (const name of doc.share.keys()) {
    if (name !== THREADS_KEY && name !== MESSAGE_INDEX_KEY) return `unknown part "${name}"`;
  }
  for (const [threadId, thread] of doc.getMap<unknown>(THREADS_KEY).entries()) {
    if (!ZClientId.safeParse(threadId).success) return "a note id is not a valid id";
    if (!(thread instanceof Y.Map)) return "a note is not a map";
    if (thread.get("id") !== threadId) return "a note's id does not match its key";
    if (!isString(thread.get("authorId")) || !isString(thread.get("createdAt")))
      return "a note lacks its author or time";
    if (!ZCommentAnchor.safeParse(thread.get("anchor")).success)
      return "a note's anchor is malformed";
    const resolved: unknown = thread.get("resolved");
    if (resolved !== undefined && typeof resolved !== "boolean") return "resolved is not a boolean";
    const messages: unknown = thread.get("messages");
    if (!(messages instanceof Y.Array)) return "a note's messages are not a list";
    for (const message of messages.toArray() as unknown[]) {
      if (!(message instanceof Y.Map)) return "a message is not a map";
      const id: unknown = message.get("id");
      if (!ZClientId.safeParse(id).success) return "a message id is not a valid id";
      const body: unknown = message.get("body");
      if (!isString(body) || body.length > MAX_BODY_CHARS)
        return `a note's text is not text of at most ${MAX_BODY_CHARS} characters`;
      for (const [key, value] of message.entries()) {
        if (value instanceof Y.AbstractType || value instanceof Y.Doc)
          return `a message's ${key} is not a plain value`;
      }
    }
  }
  for (const [messageId, threadId] of doc.getMap<unknown>(MESSAGE_INDEX_KEY).entries()) {
    if (!ZClientId.safeParse(messageId).success || !isString(threadId))
      return "the message index is malformed";
  }
  return null;
}

/**
 * Decides, before anything is applied or stored, whether a member's update may go into a
 * member-written document (`notes:` or `session-notes:`): the result must stay within the
 * budget (an update that shrinks a document already over it is let through, so it can be
 * trimmed), and private notes must keep the structure the server reads.
 *
 * `state` is the document's current full state (`LiveDocument.fullState()`, cached between
 * changes). Shared notes under the budget by a margin are admitted from sizes alone; otherwise
 * the update is applied to a scratch copy and measured there.
 */
export function admitMemberUpdate(
  kind: TDocKind,
  live: Y.Doc,
  state: Uint8Array,
  update: Uint8Array,
  budget: TMemberDocumentBudget,
): TMemberWriteRefusal | null {
  const charsBefore = textLength(kind, live);
  // An update of n bytes adds at most n bytes and n UTF-16 code units of text.
  if (
    kind === "session-notes" &&
    state.length + update.length <= budget.maxBytes &&
    charsBefore + update.length <= budget.maxChars
  )
    return null;

  const scratch = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(scratch, state);
    Y.applyUpdate(scratch, update);
    const bytesAfter = Y.encodeStateAsUpdate(scratch).length;
    const charsAfter = textLength(kind, scratch);
    const what = kind === "session-notes" ? "The shared notes" : "Your notes on this chapter";
    if (bytesAfter > budget.maxBytes && bytesAfter > state.length)
      return {
        code: "document_too_large",
        message: `${what} would exceed ${describeBytes(budget.maxBytes)}; this change was not saved.`,
      };
    if (charsAfter > budget.maxChars && charsAfter > charsBefore)
      return {
        code: "document_too_large",
        message: `${what} would exceed ${budget.maxChars.toLocaleString("en")} characters; this change was not saved.`,
      };
    if (kind === "notes") {
      // An update that builds on one that was refused cannot be integrated: Yjs would keep it
      // pending, unchecked, in the document and its log.
      if (scratch.store.pendingStructs !== null && live.store.pendingStructs === null)
        return {
          code: "invalid_document",
          message:
            "Notes not saved: this change builds on one that was not saved; reload the page.",
        };
      const problem = privateNotesProblem(scratch);
      // A document stored malformed before this check existed stays editable (its readers
      // skip what is malformed); a well-formed one cannot be broken.
      if (problem && privateNotesProblem(live) === null)
        return { code: "invalid_document", message: `Notes not saved: ${problem}.` };
    }
    return null;
  } finally {
    scratch.destroy();
  }
}
