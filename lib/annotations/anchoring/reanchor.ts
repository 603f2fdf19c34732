import type { TAnchor } from "./anchor";
import { DEFAULT_CONTEXT_LENGTH, describeSelection } from "./describe-selection";
import { locateExactQuote, locateFuzzyQuote } from "./locate-quote";
import type { TQuoteLocation } from "./locate-quote";

/** A fuzzy match at least this similar to the old quote is accepted and the anchor moves. */
export const REANCHOR_ACCEPT_SIMILARITY = 0.8;
/** Between this and the accept threshold the match is "doubtful": proposed, never applied. */
export const REANCHOR_DOUBTFUL_SIMILARITY = 0.6;

export type TReanchorStatus = "exact" | "moved" | "fuzzy" | "doubtful" | "orphaned";

export type TReanchorOptions = {
  contextLength?: number;
  acceptSimilarity?: number;
  doubtfulSimilarity?: number;
};

export type TReanchorResult = {
  status: TReanchorStatus;
  /**
   * Where the passage is now. For "doubtful" this is the proposal a member has to confirm; for
   * "orphaned" it is the old position, kept.
   */
  start: number;
  end: number;
  /** Similarity of the passage found to the old quote, 0..1; 0 when nothing was found. */
  score: number;
  /**
   * The anchor to store: re-described against the new text for exact/moved/fuzzy, the old anchor
   * unchanged for doubtful and orphaned, so a doubtful match is never applied by accident.
   */
  anchor: TAnchor;
};

/** Status order, best first: a verbatim hit anywhere beats an approximate one. */
export const REANCHOR_STATUS_ORDER: readonly TReanchorStatus[] = [
  "exact",
  "moved",
  "fuzzy",
  "doubtful",
  "orphaned",
];

/**
 * Finds an anchor's passage again in its paragraph's new text. Exact position first, then the
 * quote verbatim elsewhere (the repeat whose context and position agree best), then an
 * approximate match (diff-match-patch Bitap + character diff) judged by similarity thresholds.
 */
export function reanchor(
  anchor: TAnchor,
  newParagraphText: string,
  options: TReanchorOptions = {},
): TReanchorResult {
  return reanchorRanked(anchor, newParagraphText, options).result;
}

/**
 * `reanchor` plus the rank of the place found, for comparing paragraphs with each other.
 * `search: "verbatim"` skips the approximate search (an unmatched quote comes back orphaned), so
 * a chapter-wide search can look for the quote verbatim everywhere before paying for Bitap.
 */
export function reanchorRanked(
  anchor: TAnchor,
  text: string,
  {
    contextLength = DEFAULT_CONTEXT_LENGTH,
    acceptSimilarity = REANCHOR_ACCEPT_SIMILARITY,
    doubtfulSimilarity = REANCHOR_DOUBTFUL_SIMILARITY,
  }: TReanchorOptions = {},
  search: "verbatim" | "approximate" = "approximate",
): { result: TReanchorResult; rank: number } {
  const moveTo = (
    place: TQuoteLocation,
    status: TReanchorStatus,
  ): { result: TReanchorResult; rank: number } => ({
    result: {
      status,
      start: place.start,
      end: place.end,
      score: place.quoteSimilarity,
      anchor: { ...anchor, ...describeSelection(text, place.start, place.end, { contextLength }) },
    },
    rank: place.rank,
  });

  // An empty quote (a caret, not a selection) has nothing to search for.
  const best = anchor.exact === "" ? undefined : locateExactQuote(anchor, text)[0];
  if (best) return moveTo(best, best.start === anchor.start ? "exact" : "moved");

  const fuzzy =
    search === "approximate" && anchor.exact !== "" ? locateFuzzyQuote(anchor, text) : undefined;
  if (fuzzy && fuzzy.quoteSimilarity >= acceptSimilarity) return moveTo(fuzzy, "fuzzy");
  if (fuzzy && fuzzy.quoteSimilarity >= doubtfulSimilarity) {
    return {
      result: {
        status: "doubtful",
        start: fuzzy.start,
        end: fuzzy.end,
        score: fuzzy.quoteSimilarity,
        anchor,
      },
      rank: fuzzy.rank,
    };
  }
  return {
    result: {
      status: "orphaned",
      start: anchor.start,
      end: anchor.end,
      score: fuzzy?.quoteSimilarity ?? 0,
      anchor,
    },
    rank: 0,
  };
}
