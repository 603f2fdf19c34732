"use client";

import type { ReactNode } from "react";
import type { TMarginEntry } from "@/app/_components/margin/use-margin-entries";
import type { THeldCommentView } from "@/lib/sessions/live/held-comment-view";

/**
 * The margin on phones: a bar at the bottom (the comment count and the connection), opening a
 * panel that lists threads and held comments together in passage order.
 */
export function MarginPhonePanel({
  open,
  onToggle,
  statusBar,
  error,
  sessionLine,
  draftCard,
  entries,
  held,
  heldParagraphIndex,
  card,
  heldCard,
}: {
  open: boolean;
  onToggle: () => void;
  statusBar: ReactNode;
  error: string | null;
  sessionLine: ReactNode;
  draftCard: ReactNode;
  entries: TMarginEntry[];
  held: THeldCommentView[];
  heldParagraphIndex: Map<string, number>;
  card: (entry: TMarginEntry) => ReactNode;
  heldCard: (item: THeldCommentView) => ReactNode;
}) {
  const cards = [
    ...entries.map((entry) => ({
      entry,
      held: null,
      order: [entry.paragraphIndex, entry.start] as const,
    })),
    ...held.map((item) => ({
      entry: null,
      held: item,
      order: [heldParagraphIndex.get(item.id) ?? 0, item.anchor.start] as const,
    })),
  ].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return (
    <div>
      <div className="fixed inset-x-0 bottom-0 z-30 border-t border-line bg-paper/95 backdrop-blur">
        <div className="flex items-center justify-between gap-2 px-4 py-2">
          <button
            type="button"
            aria-expanded={open}
            onClick={onToggle}
            className="rounded-md border border-line px-3 py-1 text-sm font-medium"
          >
            {open ? "Close comments" : `Comments (${entries.length + held.length})`}
          </button>
          <div className="min-w-0 flex-1">{statusBar}</div>
        </div>
        {open ? (
          <div className="max-h-[65vh] space-y-3 overflow-y-auto px-4 pb-4">
            {error ? (
              <p role="alert" className="text-xs text-red-800">
                {error}
              </p>
            ) : null}
            {sessionLine}
            {draftCard}
            {entries.length === 0 && held.length === 0 && !draftCard ? (
              <p className="text-sm text-muted">
                No comments yet. Select a passage to write the first.
              </p>
            ) : null}
            {cards.map((item) =>
              item.held ? (
                <div key={`held:${item.held.id}`}>{heldCard(item.held)}</div>
              ) : (
                <div key={item.entry.thread.id}>{card(item.entry)}</div>
              ),
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}
