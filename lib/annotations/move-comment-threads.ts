import * as Y from "yjs";
import { messageIndex, threadsMap } from "@/lib/annotations/comment-document";
import type { DbTransaction } from "@/lib/db/prisma";
import { chapterDoc, notesStorageName, notesStoragePrefix } from "@/lib/documents/names";
import {
  appendUpdate,
  loadStoredState,
  lockDocuments,
  storedDocumentNames,
} from "@/lib/documents/store";
import { processIdentity } from "@/lib/documents/process-identity";

export type ParagraphMove = { paragraphId: string; fromChapterId: string; toChapterId: string };

async function loadDoc(tx: DbTransaction, docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const { updates } = await loadStoredState(tx, docName);
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  // Not the live documents' id (they would receive their own id from this writer), and set
  // after loading so earlier moves by this process read as its own history. The document's
  // advisory lock keeps two moves of one process from writing at once.
  doc.clientID = processIdentity().maintenanceYjsClientId;
  return doc;
}

/**
 * A chapter merged away: everything in its documents moves to the surviving chapter, whatever
 * paragraph it is anchored to (nothing is left in documents of a chapter that no longer exists).
 */
export type ChapterMove = { wholeChapter: true; fromChapterId: string; toChapterId: string };

/** One document's threads going to another document: a chapter's, or one user's notes. */
type DocumentMove = {
  from: string;
  to: string;
  toChapterId: string;
  paragraphs: Set<string> | "all";
  /** Shared threads have `Comment` rows; private notes have none. */
  notes: boolean;
};

/** The users with a private notes document on the chapter (stored log rows or a snapshot). */
async function notesOwners(tx: DbTransaction, chapterId: string): Promise<string[]> {
  const prefix = notesStoragePrefix(chapterId);
  const names = await storedDocumentNames(tx, prefix);
  return names.map((name) => name.slice(prefix.length)).filter((userId) => userId !== "");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function anchoredIn(thread: Y.Map<unknown>, paragraphs: Set<string> | "all"): boolean {
  if (paragraphs === "all") return true;
  const anchor = thread.get("anchor");
  return (
    isPlainObject(anchor) &&
    typeof anchor.paragraphId === "string" &&
    paragraphs.has(anchor.paragraphId)
  );
}

/**
 * The ids of a thread's messages. Private notes are written by members' own clients, so a
 * document stored before the server validated them may hold anything: entries that are not
 * message maps with a string id are skipped rather than failing the whole restructuring.
 */
function messageIdsOf(thread: Y.Map<unknown>): string[] {
  const messages = thread.get("messages");
  if (!(messages instanceof Y.Array)) return [];
  return messages.toArray().flatMap((message: unknown) => {
    if (!(message instanceof Y.Map)) return [];
    const id: unknown = message.get("id");
    return typeof id === "string" ? [id] : [];
  });
}

/**
 * Moves the matching threads (deep copies, message index entries along); returns their ids.
 * Malformed entries (not a thread map, or without an anchor object) stay where they are.
 */
function moveThreads(source: Y.Doc, target: Y.Doc, move: DocumentMove): string[] {
  const moving = [...threadsMap(source).entries()].filter(
    (entry): entry is [string, Y.Map<unknown>] => {
      const thread: unknown = entry[1];
      return (
        thread instanceof Y.Map &&
        isPlainObject(thread.get("anchor")) &&
        anchoredIn(thread, move.paragraphs)
      );
    },
  );
  if (moving.length === 0) return [];
  const copies = moving.flatMap(([id, thread]) => {
    let copy: Y.Map<unknown>;
    try {
      // Cloning copies whatever a client nested in the thread (a sub-document cannot be).
      copy = thread.clone();
    } catch {
      return [];
    }
    copy.set("anchor", {
      ...(thread.get("anchor") as Record<string, unknown>),
      chapterId: move.toChapterId,
    });
    return [{ id, copy, messageIds: messageIdsOf(thread) }];
  });
  if (copies.length === 0) return [];
  target.transact(() => {
    for (const { id, copy, messageIds } of copies) {
      threadsMap(target).set(id, copy);
      for (const messageId of messageIds) messageIndex(target).set(messageId, id);
    }
  });
  source.transact(() => {
    for (const { id, messageIds } of copies) {
      threadsMap(source).delete(id);
      for (const messageId of messageIds) messageIndex(source).delete(messageId);
    }
  });
  return copies.map((c) => c.id);
}

/**
 * Called inside the transaction that splits or merges chapters: comment threads anchored to the
 * moved paragraphs move from one chapter document to the other (as deep copies, with their
 * messages and reactions), and their projection rows follow. Each member's private notes on
 * those paragraphs move the same way, from that member's notes document of one chapter to their
 * own notes document of the other (never to another user's). All in that one transaction and
 * under the documents' locks, so no command or note edit on any of them interleaves.
 */
export async function moveCommentThreads(
  tx: DbTransaction,
  moves: (ParagraphMove | ChapterMove)[],
): Promise<{ movedThreads: number; movedNotes: number }> {
  const pairs = new Map<string, { from: string; to: string; paragraphs: Set<string> | "all" }>();
  for (const move of moves) {
    if (move.fromChapterId === move.toChapterId) continue;
    const key = `${move.fromChapterId}>${move.toChapterId}`;
    const pair = pairs.get(key) ?? {
      from: move.fromChapterId,
      to: move.toChapterId,
      paragraphs: new Set<string>(),
    };
    if ("wholeChapter" in move) pair.paragraphs = "all";
    else if (pair.paragraphs !== "all") pair.paragraphs.add(move.paragraphId);
    pairs.set(key, pair);
  }
  if (pairs.size === 0) return { movedThreads: 0, movedNotes: 0 };

  const documentMoves: DocumentMove[] = [];
  for (const pair of pairs.values()) {
    const common = { toChapterId: pair.to, paragraphs: pair.paragraphs };
    documentMoves.push({
      ...common,
      from: chapterDoc(pair.from),
      to: chapterDoc(pair.to),
      notes: false,
    });
    for (const userId of await notesOwners(tx, pair.from)) {
      documentMoves.push({
        ...common,
        from: notesStorageName(pair.from, userId),
        to: notesStorageName(pair.to, userId),
        notes: true,
      });
    }
  }

  // Lock every document involved in a fixed order, so two restructurings cannot deadlock.
  const docNames = [...new Set(documentMoves.flatMap((move) => [move.from, move.to]))].sort();
  await lockDocuments(tx, docNames);
  const docs = new Map<string, Y.Doc>();
  for (const name of docNames) docs.set(name, await loadDoc(tx, name));

  const changed = new Set<string>();
  let movedThreads = 0;
  let movedNotes = 0;
  for (const move of documentMoves) {
    const ids = moveThreads(docs.get(move.from) as Y.Doc, docs.get(move.to) as Y.Doc, move);
    if (ids.length === 0) continue;
    changed.add(move.from).add(move.to);
    if (move.notes) {
      movedNotes += ids.length;
      continue;
    }
    movedThreads += ids.length;
    await tx.comment.updateMany({
      where: { threadId: { in: ids } },
      data: { chapterId: move.toChapterId },
    });
  }

  for (const name of changed) {
    const doc = docs.get(name) as Y.Doc;
    // Stored as the whole new state: the receiving processes merge it idempotently, and each
    // relays it to its clients with the document open (a notes document's room is its owner's).
    // Announced as a maintenance write: no socket server broadcast it, so each process holding
    // the document relays it to its own clients.
    await appendUpdate(tx, name, Y.encodeStateAsUpdate(doc), `maintenance:${processIdentity().id}`);
  }
  return { movedThreads, movedNotes };
}
