import type { TSpotlight } from "@/lib/sessions/live/document/session-document";
import { offsetsToRange } from "@/lib/annotations/anchoring/selection-to-offsets";

type HighlightRegistry = { set(name: string, value: unknown): void; delete(name: string): void };
type HighlightConstructor = new (...ranges: Range[]) => unknown;

const NAME = "marginalia-spotlight";

/**
 * Marks the spotlit paragraph (`data-spotlight`, styled in live.css) and, for a passage inside
 * it, paints the passage with its own CSS highlight, apart from the margin's highlights.
 */
export function paintSpotlight(spotlight: TSpotlight | null): HTMLElement | null {
  for (const element of document.querySelectorAll("[data-spotlight]"))
    element.removeAttribute("data-spotlight");
  const registry = (globalThis.CSS as unknown as { highlights?: HighlightRegistry } | undefined)
    ?.highlights;
  registry?.delete(NAME);
  if (!spotlight) return null;
  const paragraph = document.getElementById(`p-${spotlight.paragraphId}`);
  if (!paragraph) return null;
  paragraph.setAttribute("data-spotlight", "true");
  const Highlight = (globalThis as unknown as { Highlight?: HighlightConstructor }).Highlight;
  if (
    registry &&
    Highlight &&
    spotlight.start !== undefined &&
    spotlight.end !== undefined &&
    spotlight.end > spotlight.start
  ) {
    const range = offsetsToRange(paragraph, spotlight.start, spotlight.end);
    if (range) registry.set(NAME, new Highlight(range));
  }
  return paragraph;
}
