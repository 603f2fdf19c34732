"use client";

import type { ReactNode } from "react";
import { SpoilerShield } from "@/app/_components/spoiler-shield";
import type { TMarginEntry } from "@/app/_components/margin/use-margin-entries";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { isBeyondReach } from "@/lib/reading-reach/spoiler-rule";

/**
 * Threads whose passage is gone, below the margin's cards; moderators re-attach one to the
 * passage selected in the text.
 */
export function OrphanedThreads({
  orphaned,
  top,
  userId,
  hideAfterParagraphIndex,
  canModerate,
  selected,
  reanchor,
  card,
}: {
  orphaned: TMarginEntry[];
  top: number;
  userId: string;
  hideAfterParagraphIndex: number | null;
  canModerate: boolean;
  selected: TThreadSnapshot["anchor"] | null;
  reanchor: (threadId: string, anchor: TThreadSnapshot["anchor"]) => void;
  card: (entry: TMarginEntry) => ReactNode;
}) {
  return (
    <section
      className="absolute left-0 right-0"
      style={{ top }}
      aria-label="Comments whose passage is gone"
    >
      <h2 className="mb-2 text-sm font-semibold">
        Comments whose passage changed ({orphaned.length})
      </h2>
      <div className="space-y-2">
        {orphaned.map((entry) => (
          <div key={entry.thread.id} className="space-y-1">
            {/* Its passage is gone, so where it sat is unknown: shielded until the
                chapter is read, like any comment beyond the reader's position. */}
            <SpoilerShield
              shielded={isBeyondReach(
                hideAfterParagraphIndex,
                null,
                entry.thread.authorId === userId,
              )}
            >
              {card(entry)}
            </SpoilerShield>
            {canModerate ? (
              <button
                type="button"
                disabled={!selected}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => selected && reanchor(entry.thread.id, selected)}
                className="text-xs text-accent underline disabled:text-muted disabled:no-underline"
              >
                {selected
                  ? "Attach to the selected passage"
                  : "Select a passage to re-attach this thread"}
              </button>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}
