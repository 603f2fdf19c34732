import type { PdfItem, PdfPage } from "./read-pdf";

/** One printed line of one column, in reading order. */
export type PdfLine = {
  page: number;
  /** 0 for text that spans the page (or a page with one column), 1.. for columns left to right. */
  column: number;
  text: string;
  left: number;
  right: number;
  /** Baseline, from the page's top. */
  y: number;
  /** The size and font carrying most of the line's characters. */
  size: number;
  font: string;
};

function dominant<T>(pairs: Array<[T, number]>): T | undefined {
  const totals = new Map<T, number>();
  for (const [key, weight] of pairs) totals.set(key, (totals.get(key) ?? 0) + weight);
  let best: T | undefined;
  let bestWeight = -1;
  for (const [key, weight] of totals) {
    if (weight > bestWeight) {
      best = key;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * Items sharing a baseline, split where the horizontal gap is wider than a word space could
 * be (a column gutter, a table cell). Superscripts (footnote marks) ride on the baseline of
 * the larger text beside them.
 */
function rowsOf(items: PdfItem[]): PdfItem[][] {
  const sorted = [...items].sort((p, q) => p.y - q.y || p.x - q.x);
  const rows: Array<{ y: number; size: number; items: PdfItem[] }> = [];
  for (const item of sorted) {
    // Items come sorted by baseline, so only the last few rows can take this one.
    let row: (typeof rows)[number] | undefined;
    for (let r = rows.length - 1; r >= Math.max(0, rows.length - 4); r--) {
      const candidate = rows[r];
      if (
        candidate &&
        Math.abs(candidate.y - item.y) <= Math.max(candidate.size, item.size) * 0.45
      ) {
        row = candidate;
        break;
      }
    }
    if (row) {
      row.items.push(item);
      if (item.size > row.size) {
        row.size = item.size;
        row.y = item.y;
      }
    } else rows.push({ y: item.y, size: item.size, items: [item] });
  }
  const segments: PdfItem[][] = [];
  for (const row of rows) {
    const ordered = row.items.sort((p, q) => p.x - q.x);
    let current: PdfItem[] = [];
    let end = Number.NEGATIVE_INFINITY;
    for (const item of ordered) {
      const gap = item.x - end;
      // A narrow gutter is barely wider than a wide justified space; pieces of one column's
      // line are joined again afterwards (mergeSameRow).
      if (current.length > 0 && gap > Math.max(row.size * 0.9, 6)) {
        segments.push(current);
        current = [];
      }
      current.push(item);
      end = Math.max(end, item.x + item.width);
    }
    if (current.length > 0) segments.push(current);
  }
  return segments;
}

/** TeX prints accents as separate glyphs before the letter ("O˘ guz"): put them back on it. */
const SPACING_ACCENTS: Record<string, string> = {
  "˘": "\u0306",
  "´": "\u0301",
  "`": "\u0300",
  "¨": "\u0308",
  ˆ: "\u0302",
  "˜": "\u0303",
  ˇ: "\u030c",
  "¸": "\u0327",
  "˚": "\u030a",
};
function attachAccents(text: string): string {
  return text
    .replace(
      /([˘´`¨ˆ˜ˇ¸˚]) ?(\p{L})/gu,
      (_, accent: string, letter: string) => `${letter}${SPACING_ACCENTS[accent] ?? ""}`,
    )
    .normalize("NFC");
}

function lineOf(page: number, items: PdfItem[]): PdfLine {
  let text = "";
  let end: number | null = null;
  for (const item of items) {
    const gap = end === null ? 0 : item.x - end;
    // pdfjs gives words or whole runs; a visible gap between runs is a space the PDF did not write.
    if (end !== null && gap > item.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(item.text))
      text += " ";
    text += item.text;
    end = Math.max(end ?? item.x, item.x + item.width);
  }
  const main = items.filter((item) => item.size >= Math.max(...items.map((i) => i.size)) * 0.8);
  const base = main[0] ?? items[0];
  return {
    page,
    column: 0,
    text: attachAccents(text.replace(/\s+/g, " ").trim()),
    left: Math.min(...items.map((item) => item.x)),
    right: Math.max(...items.map((item) => item.x + item.width)),
    y: base?.y ?? 0,
    size: dominant(items.map((item) => [Math.round(item.size * 2) / 2, item.text.length])) ?? 0,
    font: dominant(items.map((item) => [item.font, item.text.length])) ?? "",
  };
}

/**
 * The x of a column gutter: a vertical strip near the middle that many lines end before and
 * many begin after, and that almost no line crosses. Null on a one-column page.
 */
export function findGutter(lines: PdfLine[], pageWidth: number): number | null {
  const body = lines.filter((line) => line.text.length >= 3);
  if (body.length < 10) return null;
  let best: { x: number; crossing: number } | null = null;
  for (let x = pageWidth * 0.3; x <= pageWidth * 0.7; x += 2) {
    let left = 0;
    let right = 0;
    let crossing = 0;
    for (const line of body) {
      if (line.right < x) left++;
      else if (line.left > x) right++;
      else crossing++;
    }
    if (left < 5 || right < 5 || left < body.length * 0.2 || right < body.length * 0.2) continue;
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  if (!best || best.crossing > body.length * 0.15) return null;
  return best.x;
}

/**
 * A page's text as lines in reading order: on a two-column page, text spanning both columns
 * (title, abstract, wide figures) stays in place, and between two such spans the left column
 * is read before the right one.
 */
export function pageLines(page: PdfPage): PdfLine[] {
  const lines = rowsOf(page.items.filter((item) => item.upright))
    .map((items) => lineOf(page.index, items))
    .filter((line) => line.text !== "");
  lines.sort((p, q) => p.y - q.y || p.left - q.left);
  const gutter = findGutter(lines, page.width);
  if (gutter === null) return mergeSameRow(lines);
  const ordered: PdfLine[] = [];
  let left: PdfLine[] = [];
  let right: PdfLine[] = [];
  const flush = () => {
    ordered.push(...mergeSameRow(left), ...mergeSameRow(right));
    left = [];
    right = [];
  };
  for (const line of lines) {
    if (line.right < gutter) left.push({ ...line, column: 1 });
    else if (line.left > gutter) right.push({ ...line, column: 2 });
    else {
      flush();
      ordered.push(line);
    }
  }
  flush();
  return ordered;
}

/**
 * Pieces of one printed line that the gap rule split (a wide word space in justified text,
 * a table) are joined again when they sit on the same baseline within one column.
 */
function mergeSameRow(lines: PdfLine[]): PdfLine[] {
  const merged: PdfLine[] = [];
  for (const line of lines) {
    const last = merged.at(-1);
    if (
      last &&
      Math.abs(last.y - line.y) <= Math.max(last.size, line.size) * 0.45 &&
      line.left >= last.right
    ) {
      merged[merged.length - 1] = {
        ...last,
        text: `${last.text} ${line.text}`,
        right: line.right,
        size: last.text.length >= line.text.length ? last.size : line.size,
        font: last.text.length >= line.text.length ? last.font : line.font,
      };
    } else merged.push(line);
  }
  return merged;
}
