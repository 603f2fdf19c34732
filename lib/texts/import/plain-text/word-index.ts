/** Counts of every word form in a text, for decisions that need evidence from the text itself. */
export class WordIndex {
  private readonly counts = new Map<string, number>();
  private readonly exact = new Map<string, number>();
  /** First and last parts of hyphenated compounds ("after" and "dinner" of "after-dinner"). */
  private readonly compoundParts = new Map<string, number>();

  constructor(text: string) {
    // Line ends break words here, so "sud-\ndenly" counts as two fragments, not as evidence.
    for (const match of text.matchAll(/\p{L}+(?:[-‐]\p{L}+)*/gu)) {
      const word = match[0];
      this.exact.set(word, (this.exact.get(word) ?? 0) + 1);
      const lower = word.toLowerCase();
      this.counts.set(lower, (this.counts.get(lower) ?? 0) + 1);
      if (lower.includes("-") || lower.includes("‐")) {
        const parts = lower.split(/[-‐]/);
        const head = `${parts[0] ?? ""}-`;
        const tail = `-${parts[parts.length - 1] ?? ""}`;
        this.compoundParts.set(head, (this.compoundParts.get(head) ?? 0) + 1);
        this.compoundParts.set(tail, (this.compoundParts.get(tail) ?? 0) + 1);
      }
    }
  }

  /** Occurrences of a word, case-insensitive. */
  count(word: string): number {
    return this.counts.get(word.toLowerCase()) ?? 0;
  }

  /** How often the text writes `word` as the first part of a hyphenated compound ("after-…"). */
  compoundHead(word: string): number {
    return this.compoundParts.get(`${word.toLowerCase()}-`) ?? 0;
  }

  /** How often the text writes `word` as the last part of a hyphenated compound ("…-field"). */
  compoundTail(word: string): number {
    return this.compoundParts.get(`-${word.toLowerCase()}`) ?? 0;
  }

  /** Occurrences with exactly this capitalisation. */
  countExact(word: string): number {
    return this.exact.get(word) ?? 0;
  }
}

/** Prefixes that normally keep their hyphen ("self-", "anti-", "non-" …). */
const HYPHEN_PREFIXES = new Set(
  (
    "self anti non ex pro post pre co semi quasi neo counter well half all mid multi ultra cross " +
    "so would far full high low left right one two three four five six seven eight nine ten twenty fifty hundred"
  ).split(" "),
);

/**
 * Joins a line that ends in "word-" to the next line's first word. The hyphen goes when the
 * text itself spells the joined word elsewhere, stays when it spells the hyphenated form
 * elsewhere (or more often); without evidence it stays after a usual prefix or before a
 * capital ("anti-Stalinist") or when the text makes compounds of the first part
 * elsewhere ("after-dinner" → "after-lecture") and twice or more of the second, and goes
 * otherwise, since most line-end hyphens are the typesetter's.
 */
export function joinHyphenated(head: string, tail: string, index: WordIndex): string {
  const left = /(\p{L}+)-$/u.exec(head)?.[1];
  const right = /^(\p{L}+)/u.exec(tail)?.[1];
  if (!left || !right) return `${head}${tail}`;
  const keep = `${head}${tail}`;
  const drop = `${head.slice(0, -1)}${tail}`;
  if (/^\p{Lu}/u.test(right)) return keep;
  const joined = index.count(left + right);
  const hyphenated = index.count(`${left}-${right}`);
  if (hyphenated > joined) return keep;
  if (joined > 0) return drop;
  if (HYPHEN_PREFIXES.has(left.toLowerCase())) return keep;
  // Only when the halves are words of their own: "sud-" + "denly" never forms compounds.
  const wordsOfTheirOwn = index.count(left) > 0 && index.count(right) > 0;
  if (wordsOfTheirOwn && (index.compoundHead(left) > 0 || index.compoundTail(right) >= 2))
    return keep;
  return drop;
}
