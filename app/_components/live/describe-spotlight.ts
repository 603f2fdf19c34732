import { paragraphText } from "@/lib/annotations/anchoring/selection-to-offsets";
import type { TSpotlight } from "@/lib/sessions/live/document/session-document";

/**
 * A line for a past spotlight in the agenda: the chapter, and for the chapter on screen the
 * paragraph number and its opening words (other chapters' text is not loaded here).
 */
export function describeSpotlight(
  spot: Pick<TSpotlight, "chapterId" | "paragraphId">,
  where: {
    chapterId: string;
    chapterTitles: Map<string, string>;
    paragraphNumbers: Map<string, number>;
  },
): string {
  const title = where.chapterTitles.get(spot.chapterId) ?? "Another chapter";
  const number =
    spot.chapterId === where.chapterId ? where.paragraphNumbers.get(spot.paragraphId) : undefined;
  if (number === undefined) return title;
  const element = document.getElementById(`p-${spot.paragraphId}`);
  const text = element ? paragraphText(element) : "";
  return `${title} · ¶ ${number}${text ? ` — ${text.slice(0, 70)}${text.length > 70 ? "…" : ""}` : ""}`;
}
