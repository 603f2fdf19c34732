import type { TAnchor } from "./anchor";
import { REANCHOR_STATUS_ORDER, reanchorRanked } from "./reanchor";
import type { TReanchorOptions, TReanchorResult } from "./reanchor";

export type TParagraphText = { id: string; text: string };

export type TReanchorAcrossResult = TReanchorResult & { paragraphId: string };

/**
 * Re-anchors against a whole chapter, for when the anchor's paragraph was removed, split or
 * merged. The original paragraph wins whenever it still holds an accepted match; otherwise every
 * paragraph is searched and the best status, then the best rank, wins. A verbatim hit in another
 * paragraph is "moved", never "exact".
 */
export function reanchorAcrossParagraphs(
  anchor: TAnchor,
  paragraphs: readonly TParagraphText[],
  options: TReanchorOptions = {},
): TReanchorAcrossResult {
  const original = paragraphs.find((paragraph) => paragraph.id === anchor.paragraphId);
  if (original) {
    const { result } = reanchorRanked(anchor, original.text, options);
    if (result.status === "exact" || result.status === "moved" || result.status === "fuzzy") {
      return { ...result, paragraphId: original.id };
    }
  }

  // Verbatim everywhere first: cheap, and it spares the approximate search in most chapters.
  let best = bestAcross(anchor, paragraphs, options, "verbatim");
  if (!best || best.result.status === "orphaned")
    best = bestAcross(anchor, paragraphs, options, "approximate");
  if (!best || best.result.status === "orphaned") {
    return {
      status: "orphaned",
      start: anchor.start,
      end: anchor.end,
      score: best?.result.score ?? 0,
      anchor,
      paragraphId: anchor.paragraphId,
    };
  }
  if (best.result.status === "doubtful") {
    // The proposal names its paragraph; the stored anchor stays where it was.
    return { ...best.result, anchor, paragraphId: best.paragraphId };
  }
  return { ...best.result, paragraphId: best.paragraphId };
}

type TRankedCandidate = { result: TReanchorResult; rank: number; paragraphId: string };

function bestAcross(
  anchor: TAnchor,
  paragraphs: readonly TParagraphText[],
  options: TReanchorOptions,
  search: "verbatim" | "approximate",
): TRankedCandidate | undefined {
  let best: TRankedCandidate | undefined;
  for (const paragraph of paragraphs) {
    const candidate = {
      ...reanchorRanked({ ...anchor, paragraphId: paragraph.id }, paragraph.text, options, search),
      paragraphId: paragraph.id,
    };
    if (candidate.result.status === "exact" && paragraph.id !== anchor.paragraphId)
      candidate.result.status = "moved";
    if (!best || isBetter(candidate, best, anchor.paragraphId)) best = candidate;
  }
  return best;
}

function isBetter(
  candidate: TRankedCandidate,
  best: TRankedCandidate,
  originalParagraphId: string,
): boolean {
  const byStatus =
    REANCHOR_STATUS_ORDER.indexOf(candidate.result.status) -
    REANCHOR_STATUS_ORDER.indexOf(best.result.status);
  if (byStatus !== 0) return byStatus < 0;
  if (candidate.rank !== best.rank) return candidate.rank > best.rank;
  return candidate.paragraphId === originalParagraphId;
}
