"use client";

import { useEffect, useMemo, useState } from "react";
import { paragraphElements } from "@/app/_components/margin/margin-layout";
import { reanchor, type TReanchorStatus } from "@/lib/annotations/anchoring/reanchor";
import { paragraphText } from "@/lib/annotations/anchoring/selection-to-offsets";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import type { CollabConnection } from "@/lib/collab-client/connection";
import { chapterDoc } from "@/lib/documents/names";
import type { THeldCommentView } from "@/lib/sessions/live/held-comment-view";
import { isBeyondReach } from "@/lib/reading-reach/spoiler-rule";

type Anchor = TThreadSnapshot["anchor"];

/** A thread placed against the paragraphs as they are now. */
export type TMarginEntry = {
  thread: TThreadSnapshot;
  isPrivate: boolean;
  pending: boolean;
  status: TReanchorStatus;
  start: number;
  end: number;
  paragraphIndex: number;
};

/** Queued (unsent) comments, as threads shown pending until the server's copy arrives. */
function pendingThreads(
  connection: CollabConnection | null,
  chapterId: string,
  userId: string,
  threads: TThreadSnapshot[],
): TThreadSnapshot[] {
  const known = new Set(threads.map((t) => t.id));
  return (connection?.unsentCommands ?? [])
    .filter(
      (c) =>
        c.doc === chapterDoc(chapterId) &&
        c.type === "comment.create" &&
        !known.has(String(c.threadId)),
    )
    .map((c): TThreadSnapshot => ({
      id: String(c.threadId),
      authorId: userId,
      createdAt: new Date(c.queuedAt).toISOString(),
      anchor: c.anchor as Anchor,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      messages: [
        {
          id: String(c.messageId),
          authorId: userId,
          body: String(c.body),
          createdAt: new Date(c.queuedAt).toISOString(),
          editedAt: null,
          deleted: false,
          deletedBy: null,
          deletedAt: null,
          reactions: {},
        },
      ],
    }));
}

/**
 * The margin's threads (shared, pending and private) anchored against the paragraphs as they are
 * now (a corrected import may have changed them), in reading order; which of them the spoiler
 * shield hides, and which lost their passage.
 */
export function useMarginEntries(options: {
  connection: CollabConnection | null;
  /** Changes when the connection's unsent commands may have. */
  connectionVersion: number;
  chapterId: string;
  userId: string;
  threads: TThreadSnapshot[];
  privateThreads: TThreadSnapshot[];
  heldHere: THeldCommentView[];
  hideAfterParagraphIndex: number | null;
  reflowVersion: number;
}) {
  const { connection, connectionVersion, chapterId, userId, threads, privateThreads } = options;
  const pending = useMemo(
    () => pendingThreads(connection, chapterId, userId, threads),
    // unsentCommands is a new array on every read: the connection's version says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connection, connectionVersion, threads, chapterId, userId],
  );
  const [entries, setEntries] = useState<TMarginEntry[]>([]);
  useEffect(() => {
    const indexOf = new Map(
      paragraphElements().map((element, index) => [element.dataset.paragraphId ?? "", index]),
    );
    const all = [
      ...threads.map((thread) => ({ thread, isPrivate: false, pending: false })),
      ...pending.map((thread) => ({ thread, isPrivate: false, pending: true })),
      ...privateThreads.map((thread) => ({ thread, isPrivate: true, pending: false })),
    ];
    const next: TMarginEntry[] = [];
    for (const item of all) {
      const element = document.getElementById(`p-${item.thread.anchor.paragraphId}`);
      if (!element) {
        next.push({
          ...item,
          status: "orphaned",
          start: 0,
          end: 0,
          paragraphIndex: Number.MAX_SAFE_INTEGER,
        });
        continue;
      }
      const result = reanchor({ ...item.thread.anchor }, paragraphText(element));
      next.push({
        ...item,
        status: result.status,
        start: result.start,
        end: result.end,
        paragraphIndex: indexOf.get(item.thread.anchor.paragraphId) ?? 0,
      });
    }
    next.sort(
      (a, b) =>
        a.paragraphIndex - b.paragraphIndex ||
        a.start - b.start ||
        a.thread.createdAt.localeCompare(b.thread.createdAt),
    );
    setEntries(next);
  }, [threads, privateThreads, pending, options.reflowVersion]);

  // Where each held comment sits in reading order (they are only ever fetched in the browser).
  const { heldHere, hideAfterParagraphIndex } = options;
  const heldParagraphIndex = useMemo(() => {
    if (heldHere.length === 0) return new Map<string, number>();
    const order = new Map(
      paragraphElements().map((element, index) => [element.dataset.paragraphId ?? "", index]),
    );
    return new Map(heldHere.map((item) => [item.id, order.get(item.anchor.paragraphId) ?? 0]));
  }, [heldHere]);

  const visibleEntries = useMemo(
    () =>
      entries.filter(
        (entry) =>
          entry.status !== "orphaned" &&
          !isBeyondReach(
            hideAfterParagraphIndex,
            entry.paragraphIndex,
            entry.thread.authorId === userId,
          ),
      ),
    [entries, hideAfterParagraphIndex, userId],
  );
  const hiddenCount =
    entries.filter((entry) => entry.status !== "orphaned").length - visibleEntries.length;
  const orphaned = entries.filter((entry) => entry.status === "orphaned" && !entry.isPrivate);
  return { entries, visibleEntries, hiddenCount, orphaned, heldParagraphIndex };
}
