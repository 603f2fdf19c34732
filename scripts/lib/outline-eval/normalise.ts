/**
 * Text comparison rules of the outline corpus (see tests/corpus/README.md): titles are
 * compared loosely (case, punctuation and spacing do not count), paragraphs only up to white
 * space.
 */

/** NFKC, case-folded, every run of characters that are neither letters nor digits → one space. */
export function normaliseTitle(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Runs of white space (including no-break spaces and line breaks) → one space, trimmed. */
export function normaliseSpace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when `needle` occurs in `haystack` with no letter or digit touching either end. */
export function containsWord(haystack: string, needle: string): boolean {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, "u");
  return pattern.test(haystack);
}

/**
 * Length of the longest common subsequence of produced titles and truth entries, where a
 * truth entry is a set of acceptable (normalised) spellings.
 */
export function matchedInOrder(produced: string[], truth: string[][]): number {
  const rows = produced.length;
  const cols = truth.length;
  let previous = new Array<number>(cols + 1).fill(0);
  for (let i = 1; i <= rows; i++) {
    const current = new Array<number>(cols + 1).fill(0);
    const title = produced[i - 1] ?? "";
    for (let j = 1; j <= cols; j++) {
      const accepted = truth[j - 1] ?? [];
      current[j] = accepted.includes(title)
        ? (previous[j - 1] ?? 0) + 1
        : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return previous[cols] ?? 0;
}
