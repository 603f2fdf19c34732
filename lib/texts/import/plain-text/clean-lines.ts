import { DATE_LINE, isAllCaps, isSingleCapital } from "./line-rules";
import type { WordIndex } from "./word-index";

/** Unifies line ends and odd spaces so later passes see one shape of text. */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n")
      .replace(/\f/g, "\n\n")
      .replace(/[\u00a0\u2007\u202f]/g, " ")
      .replace(/\t/g, "    ")
      .replace(/\u00ad/g, "")
      .replace(/[ ]+$/gm, "")
      // Doubled spaces between words (after full stops in typed texts) are one space; the
      // indentation that opens a line stays, as verse and quotations use it.
      .replace(/(?<=\S) {2,}(?=\S)/g, " ")
  );
}

const PAGE_NUMBER =
  /^\s*(?:(?:page|p\.)\s*)?(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?(?:\s*(?:of|\/)\s*\d{1,4})?\s*$/i;
/** "Continued on page 6" / "Continued page 4": a magazine's jump line, anywhere in a line. */
export const CONTINUED = /\s*Continued (?:on )?page \d{1,3}\s*$/;

function headerKey(line: string): string {
  return line.trim().toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ");
}

/**
 * Drops lines that belong to the page, not the text: page numbers, running headers and
 * footers (the same short line on three or more pages), and "Continued on page N" jumps.
 * A jump line is removed outright (not left as a blank); `jumps` holds the index of the
 * line it cut, whose paragraph continues wherever the text resumes.
 */
export function removePageArtifacts(lines: string[]): { lines: string[]; jumps: Set<number> } {
  // A running header is a short line; keys of long lines (one 5 MB line) are never needed.
  const MAX_HEADER_LINE = 2_000;
  const counts = new Map<string, number>();
  for (const line of lines) {
    if (line.length > MAX_HEADER_LINE) continue;
    const key = headerKey(line);
    if (key.length >= 4 && key.length <= 80) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const isRunningHeader = (line: string) => {
    if (line.length > MAX_HEADER_LINE) return false;
    const t = line.trim();
    if ((counts.get(headerKey(line)) ?? 0) < 3) return false;
    if (/[.,;:!?]["'”’]?$/.test(t) || DATE_LINE.test(t) || isSingleCapital(t)) return false;
    return /\p{L}.*\s.*\p{L}|#/u.test(headerKey(line)) || /\d/.test(t);
  };
  const out: string[] = [];
  const jumps = new Set<number>();
  for (const line of lines) {
    if (PAGE_NUMBER.test(line) && line.trim().length > 0) continue;
    if (isRunningHeader(line)) continue;
    const withoutJump = line.replace(CONTINUED, "");
    if (withoutJump !== line) {
      if (withoutJump.trim()) out.push(withoutJump);
      // The paragraph resumes on a later page; remember where it broke off.
      jumps.add(out.length - 1);
      continue;
    }
    out.push(line);
  }
  return { lines: out, jumps };
}

/**
 * A drop capital extracted onto its own line ("B" … "OURGEOIS propagandists") is put back
 * in front of its word. Date lines and upper-case section heads printed between the
 * letter and its word are skipped over and stay where they are. When a stray line from
 * another column sits in between, the line whose first word the letter completes into a
 * word the text uses elsewhere wins ("S" + "ocialists", not "S" + "debased").
 */
export function rejoinDropCapitals(lines: string[], index: WordIndex): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const letter = out[i]?.trim() ?? "";
    if (!isSingleCapital(letter)) continue;
    const capital = letter.replace(/^[“"‘']/, "");
    let first = -1;
    let proven = -1;
    for (let j = i + 1; j < Math.min(out.length, i + 10) && proven === -1; j++) {
      const candidate = out[j]?.trim() ?? "";
      if (
        !candidate ||
        DATE_LINE.test(candidate) ||
        (isAllCaps(candidate) && !/^[A-Z]{2,}\s+[a-z]/.test(candidate))
      ) {
        continue;
      }
      if (!/^[a-z]/.test(candidate) && !/^[A-Z]{2,}(?:\b|$)/.test(candidate)) break;
      if (first === -1) first = j;
      const word = /^\p{L}+/u.exec(candidate)?.[0] ?? "";
      if (index.count(capital + word) > 0) proven = j;
    }
    const target = proven !== -1 ? proven : first;
    if (target === -1) continue;
    out[target] = letter + (out[target]?.trim() ?? "");
    out[i] = "";
  }
  return out;
}
