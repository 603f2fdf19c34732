import type { BodyStyle, PdfBlock } from "./blocks";
import type { PdfBookmark } from "./read-pdf";

/** "1", "2.", "3.1", "IV.", "A." before a title; the group is the number. */
const NUMBERED = /^((?:\d{1,2}(?:\.\d{1,2}){0,3}\.?)|(?:[IVXLC]{1,6}\.)|(?:[A-Z]\.))\s+(\S.*)$/u;
const NUMBER_ONLY = /^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,6}\.?)$/;

export type HeadingInfo = { level: number; text: string };

function numberDepth(text: string): number {
  const match = NUMBERED.exec(text);
  if (!match?.[1]) return 0;
  return match[1].replace(/\.$/, "").split(".").length;
}

/** Short, starting like a title, not ending like a sentence. */
function titleShaped(text: string): boolean {
  if (text.length > 150) return false;
  const words = text.split(/\s+/).length;
  if (words > 16) return false;
  if (!/^[\p{Lu}\d"“‘'(]/u.test(text)) return false;
  if (/[,;]$/.test(text)) return false;
  if (/\.$/.test(text) && !(NUMBERED.test(text) && words <= 8) && !NUMBER_ONLY.test(text))
    return false;
  return true;
}

export function normalizeTitle(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Which blocks are headings, and their rank (1 strongest). Evidence: a larger size than the
 * body text; or a number ("2.", "3.1") in a font other than the body's; or, for an unnumbered
 * title ("References"), the size and font the numbered headings use. A numbered line in the
 * body's own font and size is a list item, not a heading.
 */
export function findHeadings(blocks: PdfBlock[], body: BodyStyle): Map<PdfBlock, HeadingInfo> {
  const headings = new Map<PdfBlock, HeadingInfo>();
  const candidates: Array<{ block: PdfBlock; depth: number }> = [];
  const headingStyles = new Set<string>();
  for (const block of blocks) {
    if (block.lines.length > 3 || !titleShaped(block.text)) continue;
    const big = block.size >= body.size * 1.08;
    const otherFont = block.font !== body.font;
    const numbered = NUMBERED.test(block.text) || NUMBER_ONLY.test(block.text);
    if (big || (numbered && otherFont && block.size >= body.size * 0.95)) {
      candidates.push({ block, depth: Math.max(1, numberDepth(block.text)) });
      if (numbered) headingStyles.add(`${block.size}|${block.font}`);
    }
  }
  for (const block of blocks) {
    if (candidates.some((candidate) => candidate.block === block)) continue;
    if (block.lines.length > 2 || !titleShaped(block.text) || block.text.split(/\s+/).length > 10)
      continue;
    if (headingStyles.has(`${block.size}|${block.font}`) && block.font !== body.font)
      candidates.push({ block, depth: 1 });
  }
  const sizes = [...new Set(candidates.map((candidate) => candidate.block.size))].sort(
    (a, b) => b - a,
  );
  for (const { block, depth } of candidates) {
    const rank = sizes.indexOf(block.size);
    headings.set(block, { level: rank * 4 + depth, text: block.text });
  }
  // A run of numbered sections ("1.", "2." …) is the text's chapters: a larger unnumbered
  // heading before the first of them (a title page's "Attendance") is a chapter too, not a
  // part that would swallow them.
  const numbered = blocks.filter((block) => headings.has(block) && numberDepth(block.text) === 1);
  if (numbered.length >= 2) {
    const chapterLevel = Math.min(...numbered.map((block) => headings.get(block)?.level ?? 99));
    const firstNumbered = blocks.indexOf(numbered[0] as PdfBlock);
    blocks.slice(0, firstNumbered).forEach((block) => {
      const heading = headings.get(block);
      if (heading && heading.level < chapterLevel) heading.level = chapterLevel;
    });
  }
  return headings;
}

/**
 * Headings from the PDF's own bookmarks: each bookmark is looked for as a block on the page it
 * points to (or the next), by its words. Null when the bookmarks do not describe this text
 * (fewer than two, or most not found), in which case the typography decides.
 */
export function headingsFromBookmarks(
  blocks: PdfBlock[],
  bookmarks: PdfBookmark[],
): Map<PdfBlock, HeadingInfo> | null {
  let marks = bookmarks;
  const roots = marks.filter((mark) => mark.depth === 0);
  // A single root is the document itself ("Title" → its chapters).
  if (roots.length === 1 && marks.length > 2)
    marks = marks
      .filter((mark) => mark.depth > 0)
      .map((mark) => ({ ...mark, depth: mark.depth - 1 }));
  marks = marks.filter((mark) => mark.depth <= 1);
  if (marks.filter((mark) => mark.depth === 0).length < 2) return null;
  const headings = new Map<PdfBlock, HeadingInfo>();
  let found = 0;
  let from = 0;
  for (const mark of marks) {
    const wanted = normalizeTitle(mark.title);
    if (!wanted) continue;
    for (let i = from; i < blocks.length; i++) {
      const block = blocks[i];
      if (!block) continue;
      if (mark.pageIndex !== null && block.page < mark.pageIndex) continue;
      if (mark.pageIndex !== null && block.page > mark.pageIndex + 1) break;
      const have = normalizeTitle(block.text);
      if (block.text.length <= 200 && (have === wanted || have.endsWith(` ${wanted}`))) {
        headings.set(block, { level: mark.depth + 1, text: block.text });
        found++;
        from = i + 1;
        break;
      }
    }
  }
  if (found < Math.max(2, marks.length * 0.5)) return null;
  return headings;
}
