import type { PdfBlock } from "./blocks";

/**
 * Title fields that tools fill in by themselves: a file name, a word processor's template
 * name, "untitled". Those say nothing about the text.
 */
export function plausibleTitle(value: string | null): string | null {
  if (!value) return null;
  const title = value
    .replace(/^Microsoft (?:Word|PowerPoint) - /i, "")
    // "The Project Gutenberg eBook #41568: An Introduction to Mathematics.": the distributor's label.
    .replace(/^(?:The )?Project Gutenberg(?:'s)? e-?(?:book|text)(?: #\d+)?(?:,| of|:)\s*/i, "")
    .trim()
    .replace(/(?<=\p{L}{2})\.$/u, "");
  if (title.length < 3 || title.length > 300 || !/\p{L}{2}/u.test(title)) return null;
  if (/\.(?:pdf|docx?|dvi|tex|odt|rtf|indd|ps|qxd|jpe?g|png|tiff?)$/i.test(title)) return null;
  if (/^(?:untitled|title|document|presentation|slide \d+)\b/i.test(title)) return null;
  if (/^[\w-]+$/.test(title) && /[_-]/.test(title)) return null;
  return title;
}

export function plausibleAuthor(value: string | null): string | null {
  if (!value) return null;
  const author = value.trim();
  if (author.length < 3 || author.length > 200 || !/\p{L}{2}/u.test(author)) return null;
  // Account names of whoever ran the converter ("Administrator", "jsmith", "user").
  if (/^(?:admin(?:istrator)?|user|owner|unknown|author|[a-z0-9_.-]+)$/i.test(author)) return null;
  return author;
}

/** Footnote marks and affiliation numbers that typesetters attach to names. */
function stripMarks(text: string): string {
  return text
    .replace(/[∗*†‡§¶#]+/g, " ")
    .replace(/(\p{L})\s?\d{1,2}(?=[\s,]|$)/gu, "$1")
    .replace(/\s+,/g, ",")
    .replace(/\s+/g, " ")
    .replace(/[,\s]+$/, "")
    .trim();
}

/** A line of names: capitalised words joined by commas and "and", nothing sentence-like. */
function looksLikeNames(text: string): boolean {
  const clean = stripMarks(text);
  if (clean.length < 4 || clean.length > 250) return false;
  if (/[.!?:;]$/.test(clean) && !/\b\p{Lu}\.$/u.test(clean)) return false;
  const words = clean.split(/[\s,]+/).filter(Boolean);
  if (words.length < 2 || words.length > 30) return false;
  const joiners = new Set([
    "and",
    "und",
    "et",
    "y",
    "&",
    "de",
    "van",
    "von",
    "der",
    "da",
    "di",
    "la",
    "le",
  ]);
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
  const other = words.filter((word) => !/^\p{Lu}/u.test(word) && !joiners.has(word.toLowerCase()));
  return capitalised >= 2 && other.length === 0;
}

/**
 * The title printed on the first page: its largest text in the upper half, clearly larger
 * than the body; the block after it is the author line when it reads as names.
 */
export function titleFromFirstPage(
  blocks: PdfBlock[],
  bodySize: number,
  pageHeight: number,
): { title: PdfBlock | null; author: PdfBlock | null } {
  const first = blocks.filter((block) => block.page === blocks[0]?.page);
  const upper = first.filter(
    (block) => (block.lines[0]?.y ?? 0) < pageHeight * 0.5 && block.text.length <= 300,
  );
  let title: PdfBlock | null = null;
  for (const block of upper) if (!title || block.size > title.size) title = block;
  if (!title || title.size < bodySize * 1.2) return { title: null, author: null };
  const next = first[first.indexOf(title) + 1];
  const author = next && looksLikeNames(next.text) ? next : null;
  return { title, author };
}

export function authorText(block: PdfBlock): string {
  return stripMarks(block.text);
}
