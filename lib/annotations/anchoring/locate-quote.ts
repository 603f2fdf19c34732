import { DIFF_DELETE, DIFF_EQUAL, DIFF_INSERT, diffMain, matchMain } from "diff-match-patch-es";
import type { Diff } from "diff-match-patch-es";
import type { TTextSelectors } from "./anchor";
import { similarity } from "./similarity";

/**
 * How much each clue counts when two places in the text could hold the quote. The same weights
 * Hypothesis uses (client `src/annotator/anchoring/match-quote.ts`): the quote dominates, the
 * context breaks ties between repeats, the old position only breaks ties between equals.
 */
const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const WEIGHT_TOTAL = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

/** Bitap works on at most this many characters (one machine word of bits). */
const BITAP_MAX_PATTERN = 32;
/** Stop counting repeats of a very common quote ("the") once this many are found. */
const MAX_EXACT_OCCURRENCES = 1000;

export type TQuoteLocation = {
  start: number;
  end: number;
  /** Similarity of the found text to the quote, 0..1 (1 = identical). */
  quoteSimilarity: number;
  /** Weighted quote, context and position agreement, 0..1; compares places, not thresholds. */
  rank: number;
};

/** Every place the quote occurs verbatim, best first. */
export function locateExactQuote(selectors: TTextSelectors, text: string): TQuoteLocation[] {
  const found: TQuoteLocation[] = [];
  for (let at = text.indexOf(selectors.exact); at !== -1 && found.length < MAX_EXACT_OCCURRENCES;) {
    const end = at + selectors.exact.length;
    found.push({
      start: at,
      end,
      quoteSimilarity: 1,
      rank: rankPlace(selectors, text, at, end, 1),
    });
    at = text.indexOf(selectors.exact, at + 1);
  }
  return found.sort(byRank);
}

/** The best approximate place for the quote, or undefined when nothing resembles it. */
export function locateFuzzyQuote(
  selectors: TTextSelectors,
  text: string,
): TQuoteLocation | undefined {
  const { exact } = selectors;
  if (text.length === 0) return undefined;
  const places: TQuoteLocation[] = [];
  for (const window of candidateWindows(selectors, text)) {
    const span = alignQuote(exact, text, window.start, window.end);
    if (!span) continue;
    const quoteSimilarity = similarity(exact, text.slice(span.start, span.end));
    places.push({
      ...span,
      quoteSimilarity,
      rank: rankPlace(selectors, text, span.start, span.end, quoteSimilarity),
    });
  }
  return places.sort(byRank)[0];
}

function byRank(a: TQuoteLocation, b: TQuoteLocation): number {
  return b.rank - a.rank;
}

function rankPlace(
  selectors: TTextSelectors,
  text: string,
  start: number,
  end: number,
  quoteSimilarity: number,
): number {
  const before = text.slice(Math.max(0, start - selectors.prefix.length), start);
  const after = text.slice(end, end + selectors.suffix.length);
  const distance = Math.abs(start - selectors.start);
  const positionSimilarity = 1 - Math.min(1, distance / Math.max(text.length, 1));
  return (
    (WEIGHTS.quote * quoteSimilarity +
      WEIGHTS.prefix * similarity(selectors.prefix, before) +
      WEIGHTS.suffix * similarity(selectors.suffix, after) +
      WEIGHTS.position * positionSimilarity) /
    WEIGHT_TOTAL
  );
}

/**
 * Regions of `text` worth aligning the quote against. Bitap finds pieces of at most 32
 * characters, so a long quote is looked for by its head, middle and tail; each hit says where
 * the whole quote would start, and their union covers a quote that grew inside. Bitap returns
 * only its single best hit, which for a rewritten quote may be a look-alike elsewhere, so the
 * old position and the places the prefix and suffix point at are tried too.
 */
function candidateWindows(
  selectors: TTextSelectors,
  text: string,
): Array<{ start: number; end: number }> {
  const { exact, prefix, suffix, start: expectedStart } = selectors;
  // A distance as long as the text makes the old position nearly irrelevant to Bitap: the quote
  // may have moved anywhere, and rankPlace weighs the position itself.
  const options = { matchThreshold: 0.5, matchDistance: Math.max(1000, text.length) };
  const find = (piece: string, near: number): number =>
    piece.length === 0
      ? -1
      : matchMain(text, piece, Math.max(0, Math.min(text.length, near)), options);
  const slack = Math.max(8, Math.ceil(exact.length / 4));
  const around = (start: number) => ({ start: start - slack, end: start + exact.length + slack });

  const offsets =
    exact.length <= BITAP_MAX_PATTERN
      ? [0]
      : [
          ...new Set([
            0,
            Math.floor((exact.length - BITAP_MAX_PATTERN) / 2),
            exact.length - BITAP_MAX_PATTERN,
          ]),
        ];
  const quoteWindows: Array<{ start: number; end: number }> = [];
  for (const offset of offsets) {
    const hit = find(exact.slice(offset, offset + BITAP_MAX_PATTERN), expectedStart + offset);
    if (hit !== -1) quoteWindows.push(around(hit - offset));
  }
  const windows = [...quoteWindows, around(expectedStart)];
  if (quoteWindows.length > 1) {
    const start = Math.min(...quoteWindows.map((w) => w.start));
    const end = Math.max(...quoteWindows.map((w) => w.end));
    if (end - start <= 2 * exact.length + 2 * slack) windows.push({ start, end });
  }

  const before = prefix.slice(-BITAP_MAX_PATTERN);
  const after = suffix.slice(0, BITAP_MAX_PATTERN);
  const prefixHit = find(before, expectedStart - before.length);
  const suffixHit = find(after, selectors.end);
  const quoteStart = prefixHit === -1 ? -1 : prefixHit + before.length;
  if (quoteStart !== -1)
    windows.push({ start: quoteStart, end: quoteStart + exact.length + slack });
  if (suffixHit !== -1) windows.push({ start: suffixHit - exact.length - slack, end: suffixHit });
  if (quoteStart !== -1 && suffixHit > quoteStart && suffixHit - quoteStart <= 2 * exact.length) {
    windows.push({ start: quoteStart, end: suffixHit });
  }
  return windows
    .map((w) => ({ start: Math.max(0, w.start), end: Math.min(text.length, w.end) }))
    .filter((w) => w.end > w.start);
}

/**
 * Where the quote starts and ends inside `text[windowStart, windowEnd)`, from a character diff:
 * text the window has before the quote's first kept character is not part of it, except as
 * much as replaces deleted quote characters (a substituted first word stays inside).
 */
function alignQuote(
  exact: string,
  text: string,
  windowStart: number,
  windowEnd: number,
): { start: number; end: number } | undefined {
  const window = text.slice(windowStart, windowEnd);
  const diffs = diffMain(exact, window, { diffTimeout: 0.1 }, false);
  const firstEqual = diffs.findIndex(([op]) => op === DIFF_EQUAL);
  if (firstEqual === -1) return undefined;
  let lastEqual = firstEqual;
  diffs.forEach(([op], index) => {
    if (op === DIFF_EQUAL) lastEqual = index;
  });
  const lead = countEdits(diffs.slice(0, firstEqual));
  const trail = countEdits(diffs.slice(lastEqual + 1));
  const start = lead.inserted - Math.min(lead.inserted, lead.deleted);
  const end = window.length - trail.inserted + Math.min(trail.inserted, trail.deleted);
  if (end <= start) return undefined;
  return { start: windowStart + start, end: windowStart + end };
}

function countEdits(diffs: Diff[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const [op, chunk] of diffs) {
    if (op === DIFF_INSERT) inserted += chunk.length;
    if (op === DIFF_DELETE) deleted += chunk.length;
  }
  return { inserted, deleted };
}
