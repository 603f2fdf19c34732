"use client";

import { useEffect } from "react";
import type { TPeer } from "@/app/_components/collab/use-peers";
import { paintHighlights, type PaintedAnchor } from "@/app/_components/margin/highlights";
import type { TMarginEntry } from "@/app/_components/margin/use-margin-entries";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import type { THeldCommentView } from "@/lib/sessions/live/held-comment-view";

/** Paints the passages of the visible threads, held comments, the draft and what others select. */
export function usePaintHighlights(
  visibleEntries: TMarginEntry[],
  heldHere: THeldCommentView[],
  activeId: string | null,
  draft: TThreadSnapshot["anchor"] | null,
  peers: TPeer[],
): void {
  useEffect(() => {
    const anchors: PaintedAnchor[] = visibleEntries
      .filter((entry) => entry.status !== "doubtful")
      .map((entry) => ({
        id: entry.thread.id,
        paragraphId: entry.thread.anchor.paragraphId,
        start: entry.start,
        end: entry.end,
        kind: entry.thread.id === activeId ? "active" : entry.isPrivate ? "note" : "comment",
      }));
    // Where the others are selecting, so a group can see what is being pointed at.
    for (const peer of peers) {
      if (peer.selection)
        anchors.push({ id: `peer-${peer.clientId}`, ...peer.selection, kind: "peer" });
    }
    for (const item of heldHere)
      anchors.push({
        id: `held-${item.id}`,
        paragraphId: item.anchor.paragraphId,
        start: item.anchor.start,
        end: item.anchor.end,
        kind: "note",
      });
    if (draft)
      anchors.push({
        id: "draft",
        paragraphId: draft.paragraphId,
        start: draft.start,
        end: draft.end,
        kind: "active",
      });
    paintHighlights(anchors);
  }, [visibleEntries, heldHere, activeId, draft, peers]);
  useEffect(() => () => paintHighlights([]), []);
}
