"use client";

import type { TTextSelection } from "@/app/_components/margin/use-text-selection";

/**
 * The buttons above a selection in the text: "Spotlight" for the host, "Hold for the session"
 * before it starts. `preventDefault` on mouse down keeps the selection alive for the click.
 */
export function SelectionActions({
  selection,
  canSpotlight,
  canHold,
  onSpotlight,
  onHold,
}: {
  selection: TTextSelection;
  canSpotlight: boolean;
  canHold: boolean;
  onSpotlight: (anchor: TTextSelection["anchor"]) => void;
  onHold: (anchor: TTextSelection["anchor"]) => void;
}) {
  if (!canSpotlight && !canHold) return null;
  return (
    <div
      className="fixed z-40 flex gap-1 rounded-full bg-ink p-1 shadow-lg"
      style={{ top: selection.top, left: selection.left }}
    >
      {canSpotlight ? (
        <button
          type="button"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            onSpotlight(selection.anchor);
            window.getSelection()?.removeAllRanges();
          }}
          className="rounded-full bg-amber-400 px-3 py-1 text-sm font-medium text-ink"
        >
          Spotlight
        </button>
      ) : null}
      {canHold ? (
        <button
          type="button"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            onHold(selection.anchor);
            window.getSelection()?.removeAllRanges();
          }}
          className="rounded-full px-3 py-1 text-sm font-medium text-paper"
        >
          Hold for the session
        </button>
      ) : null}
    </div>
  );
}
