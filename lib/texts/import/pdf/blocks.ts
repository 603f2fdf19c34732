import { WordIndex, joinHyphenated } from "../plain-text/word-index";
import type { PdfLine } from "./lines";

/** A paragraph-like run of lines: one candidate block (or heading) of the outline. */
export type PdfBlock = {
  text: string;
  lines: PdfLine[];
  page: number;
  size: number;
  font: string;
};

/** The text's typical measures, taken by characters so a few large lines do not count. */
export type BodyStyle = { size: number; font: string; lineGap: number };

function weightedMode<T>(pairs: Array<[T, number]>): T | undefined {
  const totals = new Map<T, number>();
  for (const [key, weight] of pairs) totals.set(key, (totals.get(key) ?? 0) + weight);
  let best: T | undefined;
  let bestWeight = -1;
  for (const [key, weight] of totals)
    if (weight > bestWeight) {
      best = key;
      bestWeight = weight;
    }
  return best;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function bodyStyle(lines: PdfLine[]): BodyStyle {
  const size = weightedMode(lines.map((line) => [line.size, line.text.length])) ?? 10;
  const font =
    weightedMode(
      lines.filter((line) => line.size === size).map((line) => [line.font, line.text.length]),
    ) ?? "";
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1];
    const b = lines[i];
    if (!a || !b || a.page !== b.page || a.column !== b.column) continue;
    if (a.size !== size || b.size !== size) continue;
    const dy = b.y - a.y;
    if (dy > size * 0.5 && dy < size * 3) gaps.push(dy);
  }
  return { size, font, lineGap: median(gaps) || size * 1.2 };
}

type ColumnEdges = { left: number; right: number };

/** Where the lines of each page column usually start and end (the text block's margins). */
function columnEdges(lines: PdfLine[], body: BodyStyle): Map<string, ColumnEdges> {
  const groups = new Map<string, PdfLine[]>();
  for (const line of lines) {
    const key = `${line.page}:${line.column}`;
    const group = groups.get(key) ?? [];
    group.push(line);
    groups.set(key, group);
  }
  const edges = new Map<string, ColumnEdges>();
  for (const [key, group] of groups) {
    const bodyLines = group.filter((line) => Math.abs(line.size - body.size) < 0.6);
    const sample = bodyLines.length >= 3 ? bodyLines : group;
    const left =
      weightedMode(sample.map((line) => [Math.round(line.left), 1])) ??
      Math.min(...sample.map((line) => line.left));
    const rights = sample.map((line) => line.right).sort((a, b) => a - b);
    const right = rights[Math.floor(rights.length * 0.9)] ?? Math.max(...rights);
    edges.set(key, { left, right });
  }
  return edges;
}

const TERMINATED = /[.!?:;"”’)\]»]$/;
const LIST_START = /^(?:[•●▪◦‣∙·\-–—*]\s|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s)/;

/**
 * Lines → paragraphs. A paragraph ends at a wider vertical gap than the text's line spacing,
 * before an indented first line, after a short line that ends a sentence, at a change of
 * size (or of font after a short line), and before a list item. A paragraph may run on into
 * the next column or page. End-of-line hyphens are joined by the evidence rule the plain-text
 * importer uses (lib/texts/import/plain-text/word-index.ts).
 */
export function linesToBlocks(lines: PdfLine[], body: BodyStyle): PdfBlock[] {
  const edges = columnEdges(lines, body);
  const index = new WordIndex(lines.map((line) => line.text).join("\n"));
  const blocks: PdfBlock[] = [];
  let current: PdfBlock | null = null;

  const breaks = (a: PdfLine, b: PdfLine): boolean => {
    const edgeA = edges.get(`${a.page}:${a.column}`);
    const edgeB = edges.get(`${b.page}:${b.column}`);
    const size = Math.max(a.size, b.size);
    if (Math.abs(a.size - b.size) > size * 0.08) return true;
    const aShort = edgeA ? a.right < edgeA.right - size * 2 : false;
    const indented = edgeB
      ? b.left - edgeB.left > b.size * 0.6 && b.left - edgeB.left < b.size * 6
      : false;
    const aIndented = edgeA ? a.left - edgeA.left > a.size * 0.6 : false;
    const aEnds = TERMINATED.test(a.text);
    if (a.font !== b.font && aShort) return true;
    if (LIST_START.test(b.text)) return true;
    if (a.page !== b.page || a.column !== b.column) {
      return indented || (aShort && aEnds);
    }
    const dy = b.y - a.y;
    const expected = body.lineGap * (b.size / body.size);
    if (dy < 0 || dy > expected * 1.35) return true;
    // A wrapped heading (larger than the body) hangs its second line under the title's words.
    const headingSized = a.size >= body.size * 1.05 && !aEnds;
    if (indented && !headingSized && !(aIndented && Math.abs(a.left - b.left) < b.size * 0.3))
      return true;
    if (aShort && aEnds) return true;
    return false;
  };

  for (const line of lines) {
    const last: PdfLine | undefined = current?.lines.at(-1);
    if (current && last && !breaks(last, line)) {
      const head = current.text;
      if (/\p{L}-$/u.test(head) && /^\p{Ll}/u.test(line.text)) {
        current.text = joinHyphenated(head, line.text, index);
      } else if (/\d-$/.test(head) && /^\d/.test(line.text)) {
        // A number cut at its hyphen ("2023-" / "0379") is one token.
        current.text = head + line.text;
      } else if (head.endsWith("\u00ad")) {
        current.text = head.slice(0, -1) + line.text;
      } else current.text = `${head} ${line.text}`;
      current.lines.push(line);
      continue;
    }
    current = { text: line.text, lines: [line], page: line.page, size: line.size, font: line.font };
    blocks.push(current);
  }
  for (const block of blocks)
    block.text = block.text
      .replace(/\u00ad/g, "")
      .replace(/\s+/g, " ")
      .trim();
  return blocks.filter((block) => block.text !== "");
}
