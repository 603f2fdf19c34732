import { numberedHeading } from "../plain-text/line-rules";
import type { RemovedPart } from "../types";
import type { PdfLine } from "./lines";
import type { PdfPage } from "./read-pdf";

/** Lines this close to a page's top or bottom text edge are where headers and footers sit. */
const EDGE_LINES = 2;

/** Digits vary from page to page in a running header ("Page 3", "12 J. Smith"); the rest repeats. */
function furnitureKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, "#")
    .replace(/\b[ivxlc]+\b/g, "#")
    .replace(/\s+/g, " ")
    .trim();
}

const PAGE_NUMBER =
  /^(?:[-–—]\s*)?(?:page\s+|p\.\s*|seite\s+|página\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|\/|sur|von|de)\s*\d{1,4})?(?:\s*[-–—])?$/i;

/** A price or copyright line of a journal's first page ("0022-0000/$ - see front matter © 2004"). */
const PRICE_OR_COPYRIGHT = /(?:[$€£]\s?\d+(?:\.\d\d)?\b|©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b)/i;

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

function edgeIndexes(lines: PdfLine[]): Set<number> {
  const byY = lines.map((line, i) => ({ i, y: line.y })).sort((p, q) => p.y - q.y);
  const edge = new Set<number>();
  for (const { i } of byY.slice(0, EDGE_LINES)) edge.add(i);
  for (const { i } of byY.slice(-EDGE_LINES)) edge.add(i);
  return edge;
}

/**
 * Removes what the printer put on every page rather than the author: running headers and
 * footers (the same words at a page edge on many pages), page numbers, text printed outside
 * the page or rotated (arXiv's side stamp), and small print at the foot of a page carrying
 * a price or copyright. Decided by repetition and position, never by one file's strings.
 */
export function removeFurniture(
  pages: PdfPage[],
  linesByPage: PdfLine[][],
  bodySize: number,
): { lines: PdfLine[][]; removed: RemovedPart[] } {
  const removed: RemovedPart[] = [];
  const note = (text: string) => {
    const existing = removed.find((part) => part.excerpt === excerpt(text));
    if (existing) existing.characters += text.length;
    else
      removed.push({ reason: "page-furniture", excerpt: excerpt(text), characters: text.length });
  };

  for (const page of pages) {
    const sideways = page.items.filter(
      (item) =>
        !item.upright ||
        item.x > page.width ||
        item.x + item.width < 0 ||
        item.y < 0 ||
        item.y > page.height + item.size,
    );
    if (sideways.length > 0)
      note(
        sideways
          .map((item) => item.text)
          .join(" ")
          .replace(/\s+/g, " ")
          .trim(),
      );
  }

  const pageCount = linesByPage.length;
  const seen = new Map<string, Set<number>>();
  const edges = linesByPage.map((lines) => edgeIndexes(lines));
  linesByPage.forEach((lines, p) => {
    for (const i of edges[p] ?? []) {
      const line = lines[i];
      if (!line) continue;
      const key = furnitureKey(line.text);
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)?.add(p);
    }
  });
  // Alternating left/right headers appear on every other page.
  const repeatedEnough = Math.max(2, Math.ceil(pageCount * 0.25));

  const kept = linesByPage.map((lines, p) => {
    const edge = edges[p] ?? new Set<number>();
    return lines.filter((line, i) => {
      const atEdge = edge.has(i);
      const key = furnitureKey(line.text);
      const pagesWithKey = seen.get(key)?.size ?? 0;
      // A running head that names the chapter ("VARIABLES 8", "VARIABLES 9") repeats only
      // across that chapter's pages; its page number is the sign it is furniture.
      const runningHead =
        /#/.test(key) &&
        /\p{L}{3}/u.test(key) &&
        pagesWithKey >= 3 &&
        !numberedHeading(line.text)?.keyword;
      const repeated = (pagesWithKey >= repeatedEnough || runningHead) && pageCount >= 2;
      const pageNumber = PAGE_NUMBER.test(line.text.trim());
      if (atEdge && (repeated || (pageNumber && pageCount >= 2))) {
        note(line.text);
        return false;
      }
      const smallPrint = line.size < bodySize * 0.92;
      const lowOnPage = line.y > (pages[p]?.height ?? 0) * 0.75;
      if (smallPrint && lowOnPage && PRICE_OR_COPYRIGHT.test(line.text)) {
        note(line.text);
        return false;
      }
      return true;
    });
  });
  return { lines: kept, removed };
}
