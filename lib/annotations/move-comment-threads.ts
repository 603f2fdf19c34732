import { createHash } from "node:crypto";
import * as Y from "yjs";
import { messageIndex, threadsMap } from "@/lib/annotations/comment-document";
import type { DbTransaction } from "@/lib/db/prisma";
import { REALTIME_CHANNEL } from "@/lib/realtime/event-bus";
import { formatDocName } from "@/lib/realtime/protocol/doc-name";
import { processIdentity } from "@/lib/realtime/process-identity";

export type ParagraphMove = { paragraphId: string; fromChapterId: string; toChapterId: string };

function lockKey(docName: string): bigint {
  return createHash("sha256").update(`ydoc:${docName}`).digest().readBigInt64BE(0);
}

async function loadDoc(tx: DbTransaction, docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  doc.clientID = processIdentity().yjsClientId;
  const snapshot = await tx.$queryRaw<{ state: Uint8Array }[]>`
    SELECT state FROM "YDocSnapshot" WHERE "docName" = ${docName} ORDER BY id DESC LIMIT 1`;
  const rows = await tx.$queryRaw<{ update: Uint8Array }[]>`
    SELECT update FROM "YDocUpdate" WHERE "docName" = ${docName} ORDER BY id`;
  const updates = [
    ...snapshot.map((row) => new Uint8Array(row.state)),
    ...rows.map((row) => new Uint8Array(row.update)),
  ];
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

async function store(tx: DbTransaction, docName: string, update: Uint8Array): Promise<void> {
  const origin = `maintenance:${processIdentity().id}`;
  const [row] = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES (${docName}, ${Buffer.from(update)}, ${origin}) RETURNING id`;
  const event = JSON.stringify({
    type: "doc-update",
    doc: docName,
    id: String(row?.id ?? 0),
    origin,
  });
  // Delivered on commit: every process holding the document catches up from the log.
  await tx.$executeRaw`SELECT pg_notify(${REALTIME_CHANNEL}, ${event})`;
}

/**
 * Called inside the transaction that splits or merges chapters: comment threads anchored to the
 * moved paragraphs move from one chapter document to the other (as deep copies, with their
 * messages and reactions), and their projection rows follow, all in that one transaction and
 * under the documents' locks, so no command on either document interleaves.
 */
export async function moveCommentThreads(
  tx: DbTransaction,
  moves: ParagraphMove[],
): Promise<{ movedThreads: number }> {
  const pairs = new Map<string, { from: string; to: string; paragraphs: Set<string> }>();
  for (const move of moves) {
    if (move.fromChapterId === move.toChapterId) continue;
    const key = `${move.fromChapterId}>${move.toChapterId}`;
    const pair = pairs.get(key) ?? {
      from: move.fromChapterId,
      to: move.toChapterId,
      paragraphs: new Set<string>(),
    };
    pair.paragraphs.add(move.paragraphId);
    pairs.set(key, pair);
  }
  if (pairs.size === 0) return { movedThreads: 0 };

  // Lock every document involved in a fixed order, so two restructurings cannot deadlock.
  const docNames = [
    ...new Set(
      [...pairs.values()].flatMap((pair) => [
        formatDocName("chapter", pair.from),
        formatDocName("chapter", pair.to),
      ]),
    ),
  ].sort();
  for (const name of docNames) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${lockKey(name)})`;
  const docs = new Map<string, Y.Doc>();
  for (const name of docNames) docs.set(name, await loadDoc(tx, name));

  const changed = new Set<string>();
  let movedThreads = 0;
  for (const pair of pairs.values()) {
    const fromName = formatDocName("chapter", pair.from);
    const toName = formatDocName("chapter", pair.to);
    const source = docs.get(fromName) as Y.Doc;
    const target = docs.get(toName) as Y.Doc;
    const moving = [...threadsMap(source).entries()].filter(([, thread]) => {
      const anchor = thread.get("anchor") as { paragraphId?: string } | undefined;
      return (
        thread instanceof Y.Map &&
        anchor?.paragraphId !== undefined &&
        pair.paragraphs.has(anchor.paragraphId)
      );
    });
    if (moving.length === 0) continue;
    const copies = moving.map(([id, thread]) => {
      const copy = thread.clone();
      copy.set("anchor", {
        ...(thread.get("anchor") as Record<string, unknown>),
        chapterId: pair.to,
      });
      const messageIds =
        (thread.get("messages") as Y.Array<Y.Map<unknown>> | undefined)
          ?.toArray()
          .map((m) => String(m.get("id"))) ?? [];
      return { id, copy, messageIds };
    });
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
    changed.add(fromName).add(toName);
    movedThreads += copies.length;
    await tx.comment.updateMany({
      where: { threadId: { in: copies.map((c) => c.id) } },
      data: { chapterId: pair.to },
    });
  }

  for (const name of changed) {
    const doc = docs.get(name) as Y.Doc;
    // Stored as the whole new state: the receiving processes merge it idempotently.
    await store(tx, name, Y.encodeStateAsUpdate(doc));
  }
  return { movedThreads };
}
