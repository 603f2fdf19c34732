import { SECTION_WORDS, isTerminated, numberedHeading, endsWithAbbreviation } from "./line-rules";

export type FrontMatter = { title: string | null; author: string | null; linesUsed: number };

const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}\.)*(?:\s+(?:de|van|von|da|del|le)\s+)?(?:\s+\p{Lu}[\p{L}'’-]+){1,2}`;
const PERSON = new RegExp(`^(?:by\\s+)?(${NAME})$`, "u");
const TITLE_AUTHOR_YEAR = new RegExp(`^(.+?)\\.\\s+(${NAME})\\s+((?:1[5-9]|20)\\d\\d)$`, "u");
const TITLE_DASH_AUTHOR = /^(.{3,}?)\s+[-–—]\s*(\S[^-–—]{1,60})$/u;
const WRITTEN_BY = new RegExp(
  `\\b(?:written|edited|compiled|translated)\\s+by\\s+(${NAME})(?:\\s+(?:together with|with|and)\\s+(${NAME}))?`,
  "u",
);

function isTitleLine(line: string): boolean {
  const t = line.trim();
  if (/[:,;]$/.test(t)) return false;
  return (
    t.length > 0 &&
    t.length <= 140 &&
    (!isTerminated(t) || endsWithAbbreviation(t) || /\d{4}$/.test(t))
  );
}

/**
 * The lines above the text proper: "Title. Author 1993", "Title -Author", an author's
 * name line over a title line (or the reverse), or a lone title. Section words such as
 * "Timeline" or a numbered heading are never taken for the title. A title printed twice
 * (as many web pages do) is consumed once more.
 */
export function readFrontMatter(lines: string[]): FrontMatter {
  // The title block is the first stanza: at most three short lines, then a blank line.
  const indices: number[] = [];
  let i = 0;
  while (i < lines.length && !lines[i]?.trim()) i++;
  for (; i < lines.length && lines[i]?.trim(); i++) {
    if (indices.length === 3 || !isTitleLine(lines[i] ?? ""))
      return { title: null, author: null, linesUsed: 0 };
    indices.push(i);
  }
  const first = indices[0];
  if (first === undefined) return { title: null, author: null, linesUsed: 0 };
  const line0 = lines[first]?.trim() ?? "";
  if (SECTION_WORDS.test(line0) || numberedHeading(line0))
    return { title: null, author: null, linesUsed: 0 };
  const line1 = indices[1] === undefined ? "" : (lines[indices[1]]?.trim() ?? "");

  let title: string | null = null;
  let author: string | null = null;
  let used = first + 1;
  const tay = TITLE_AUTHOR_YEAR.exec(line0);
  const tda = TITLE_DASH_AUTHOR.exec(line0);
  if (tay?.[1] && tay[2]) {
    title = tay[1];
    author = tay[2];
  } else if (tda?.[1] && tda[2] && tda[2].split(/\s+/).length <= 6) {
    title = tda[1].trim();
    author = tda[2].trim();
  } else if (line1 && PERSON.test(line1) && !PERSON.test(line0)) {
    title = line0;
    author = PERSON.exec(line1)?.[1] ?? null;
    used = (indices[1] ?? first) + 1;
  } else if (line1 && PERSON.test(line0) && !SECTION_WORDS.test(line1)) {
    author = PERSON.exec(line0)?.[1] ?? null;
    title = line1;
    used = (indices[1] ?? first) + 1;
  } else {
    title = line0;
  }
  // Skip a repeated title line.
  for (let i = used; i < lines.length; i++) {
    const t = lines[i]?.trim() ?? "";
    if (!t) continue;
    if (title && t.toLowerCase() === title.toLowerCase()) used = i + 1;
    break;
  }
  return { title, author, linesUsed: used };
}

/** "This document was written by Ted Grant together with Roger Silverman" in the opening text. */
export function authorFromProse(paragraphs: string[]): string | null {
  for (const text of paragraphs.slice(0, 5)) {
    const match = WRITTEN_BY.exec(text);
    if (match?.[1]) return match[2] ? `${match[1]} and ${match[2]}` : match[1];
  }
  return null;
}
