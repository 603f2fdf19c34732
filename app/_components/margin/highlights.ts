import { offsetsToRange } from "@/lib/annotations/anchoring/selection-to-offsets";

export type PaintedAnchor = {
  id: string;
  paragraphId: string;
  start: number;
  end: number;
  kind: "comment" | "note" | "active" | "peer";
};

type HighlightRegistry = { set(name: string, value: unknown): void; delete(name: string): void };
type HighlightConstructor = new (...ranges: Range[]) => unknown;

/**
 * Paints anchored passages with the CSS Custom Highlight API (no DOM changes, so the paragraph
 * text that anchors are computed from stays untouched). globals.css styles them with a
 * background and an underline, so a highlight is not conveyed by colour alone.
 */
export function paintHighlights(anchors: PaintedAnchor[]): void {
  const registry = (globalThis.CSS as unknown as { highlights?: HighlightRegistry } | undefined)
    ?.highlights;
  const Highlight = (globalThis as unknown as { Highlight?: HighlightConstructor }).Highlight;
  if (!registry || !Highlight) return;
  const byKind: Record<PaintedAnchor["kind"], Range[]> = {
    comment: [],
    note: [],
    active: [],
    peer: [],
  };
  for (const anchor of anchors) {
    const paragraph = document.getElementById(`p-${anchor.paragraphId}`);
    const range = paragraph ? offsetsToRange(paragraph, anchor.start, anchor.end) : null;
    if (range) byKind[anchor.kind].push(range);
  }
  for (const [kind, ranges] of Object.entries(byKind)) {
    if (ranges.length === 0) registry.delete(`marginalia-${kind}`);
    else registry.set(`marginalia-${kind}`, new Highlight(...ranges));
  }
}
