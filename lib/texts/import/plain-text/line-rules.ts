/** Small predicates on single lines of extracted text, shared by the plain-text passes. */

const MONTHS =
  "January|February|March|April|May|June|July|August|September|October|November|December|Spring|Summer|Autumn|Fall|Winter";
/** "January 1990", "1990", "Early 1990s" standing alone. */
export const DATE_LINE = new RegExp(`^(?:(?:${MONTHS}|Early|Late|Mid)\\s+)?(?:1[0-9]|20)\\d{2}s?$`);

/** Ends a sentence: terminal punctuation, then closing quotes/brackets, an optional note mark or "(1981)". */
const TERMINATED = /[.!?…](?:["'”’»)\]]*)(?:\s?\[\d{1,3}\])?(?:\s*\(\d{4}\))?$/;

export function isTerminated(text: string): boolean {
  return TERMINATED.test(text.trimEnd());
}

export function endsWithAbbreviation(text: string): boolean {
  return /(?:\b[A-Z]\.){2,}$/.test(text.trim());
}

/** A mostly upper-case line: the small-caps section heads of magazine layouts. */
export function isAllCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) return false;
  const upper = letters.filter(
    (letter) => letter === letter.toUpperCase() && letter !== letter.toLowerCase(),
  );
  return upper.length / letters.length >= 0.9 && !/[.,;]$/.test(text.trim());
}

export function isSingleCapital(text: string): boolean {
  return /^[“"‘']?[A-Z]$/.test(text.trim());
}

/** "p.131", "pp. 12", "op. cit." — a source reference under a quotation. */
export function isCitation(text: string): boolean {
  const t = text.trim();
  if (t.length > 160) return false;
  return (
    /\bpp?\.\s?\d+/.test(t) ||
    /\bop\.\s?cit\./i.test(t) ||
    /^(?:quoted|cited) (?:in|from)\b/i.test(t)
  );
}

export const BULLET = /^(?:[•*·▪◦‣]|-(?=\s))\s+/;
export const FOOTNOTE_LINE = /^\[(\d{1,3})\]\s+\S/;

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
export function romanToNumber(roman: string): number | null {
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const value = ROMAN[roman[i] ?? ""];
    const next = ROMAN[roman[i + 1] ?? ""] ?? 0;
    if (!value) return null;
    total += value < next ? -value : value;
  }
  return total > 0 && total < 200 ? total : null;
}

const WORD_NUMBERS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];

/** "3. Title", "IV: Title", "Chapter 7", "Part Two — Title" → its number and the rest. */
export function numberedHeading(text: string): { n: number; rest: string } | null {
  const t = text.trim();
  const word =
    /^(?:chapter|part|book|section)\s+(\d{1,3}|[IVXLC]{1,7}|[a-z]+)\b[.:—–-]?\s*(.*)$/i.exec(t);
  if (word?.[1]) {
    const token = word[1];
    const n = /^\d+$/.test(token)
      ? Number(token)
      : (romanToNumber(token.toUpperCase()) ?? WORD_NUMBERS.indexOf(token.toLowerCase()));
    if (n > 0) return { n, rest: word[2] ?? "" };
  }
  const arabic = /^(\d{1,2})[.)]\s+(\S.*)$/.exec(t);
  if (arabic?.[1] && arabic[2]) return { n: Number(arabic[1]), rest: arabic[2] };
  const roman = /^([IVXLC]{1,7})[.:]\s+(\S.*)$/.exec(t);
  if (roman?.[1] && roman[2]) {
    const n = romanToNumber(roman[1]);
    if (n) return { n, rest: roman[2] };
  }
  return null;
}

/** Words that name a section rather than a book ("Timeline" is not the title). */
export const SECTION_WORDS =
  /^(?:timeline|chronology|introduction|preface|foreword|prologue|epilogue|contents|table of contents|afterword|acknowledg(?:e)?ments|notes|appendix|glossary|bibliography|abstract|summary)\b/i;
