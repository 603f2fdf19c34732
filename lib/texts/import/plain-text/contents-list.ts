import { collapseSpace } from "../text-utils";
import type { RemovedPart } from "../types";

/** "Contents" in the languages of the corpus, standing alone on its line. */
const CONTENTS_LINE =
  /^\s*(?:(?:table of )?contents|index|list of chapters|table des mati[èe]res|table|sommaire|inhalt|inhaltsverzeichnis|[íi]ndice(?: general)?|contenido|содержание|оглавление)\s*[.:]?\s*$/i;

/** What a heading or a contents entry may carry before its title: "chapter xii ", "iv ", "7 ". */
const NUMBERING = /^(?:\p{L}+\s+)?(?:\d{1,3}|[ivxlc]{1,7}|\p{L}+)?\s*$/u;

/** A chapter number alone on its line: "XV", "12.", "Chapter IV". */
const BARE_NUMBER =
  /^(?:(?:chapter|chap\.|chapitre|kapitel|cap[íi]tulo|глава)\s+)?(?:\d{1,3}|[IVXLC]{1,7})\.?$/iu;

/** A line that closes a sentence inside quotation marks: dialogue, not a heading. */
const SENTENCE_END = /^["“‘'«].*[.!?…]["”’'»]$/u;

/** Only the first part of a text can hold its contents list. */
const SEARCH_FRACTION = 0.2;

export type ContentsList = {
  body: string;
  /** Entries as printed, page numbers and leader dots removed. */
  entries: string[];
  removed: RemovedPart[];
};

/** Letters and digits only, lower-cased: how a contents entry is compared with a heading. */
export function headingKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function cleanEntry(line: string): string {
  return collapseSpace(
    line
      .replace(/(?:\s*\.{2,}\s*|\s{2,})(?:\d{1,4}|[ivxlc]{1,7})\s*$/i, "")
      .replace(/\s+\d{1,4}$/, ""),
  );
}

/**
 * A contents list near the start: the word "Contents" on its own line, then short entry
 * lines (single- or double-spaced) up to a wider gap or the first line of prose. The list
 * is removed from the body; its entries are evidence for which later lines are headings.
 */
export function findContentsList(text: string): ContentsList {
  const lines = text.split("\n");
  const limit = Math.max(200, Math.floor(lines.length * SEARCH_FRACTION));
  for (let i = 0; i < Math.min(lines.length, limit); i++) {
    if (!CONTENTS_LINE.test(lines[i] ?? "")) continue;
    const entries: string[] = [];
    let last = i;
    let gap = 0;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const t = lines[j]?.trim() ?? "";
      if (!t) {
        gap++;
        if (gap >= 3 && entries.length > 0) break;
        continue;
      }
      if (t.length > 110 || (entries.length > 0 && gap >= 3)) break;
      const entry = cleanEntry(t);
      // A line that repeats the first entry is where the text itself starts.
      if (entries.length > 0 && headingKey(entry) === headingKey(entries[0] ?? "")) break;
      // An indented line that continues the entry before it (a wrapped long title).
      const previous = entries[entries.length - 1];
      if (previous && gap === 0 && /^\s{2,}/.test(lines[j] ?? "") && /^\p{Ll}/u.test(t)) {
        entries[entries.length - 1] = `${previous} ${entry}`;
      } else if (entry) entries.push(entry);
      last = j;
      gap = 0;
    }
    if (entries.length < 3) continue;
    const start = lines.slice(0, i).join("\n").length + (i > 0 ? 1 : 0);
    const end = lines.slice(0, last + 1).join("\n").length;
    const removedText = text.slice(start, end);
    return {
      body: `${text.slice(0, start)}${text.slice(end)}`,
      entries,
      removed: [
        {
          reason: "contents",
          excerpt: collapseSpace(removedText).slice(0, 200),
          characters: removedText.length,
        },
      ],
    };
  }
  return { body: text, entries: [], removed: [] };
}

/** The entries of a contents list, for recognising the headings they name later in the text. */
export class ContentsEvidence {
  private readonly keys: string[];

  /** Entries without their chapter number ("xv josef" → "josef"): the text may set the number on its own line. */
  private readonly titles: Set<string>;
  /** Entries that end a sentence ("“I will take care of you.”"): only those may match one. */
  private readonly sentences: Set<string>;

  constructor(entries: string[]) {
    this.keys = entries.map(headingKey).filter((key) => key.length >= 3);
    this.titles = new Set(
      this.keys
        .map((key) =>
          key.replace(
            /^(?:(?:chapter|chap|chapitre|kapitel|cap[íi]tulo|глава)\s+)?(?:\d{1,3}|[ivxlc]{1,7})\s+/u,
            "",
          ),
        )
        .filter((key) => key.length >= 3),
    );
    this.sentences = new Set(entries.filter((entry) => SENTENCE_END.test(entry)).map(headingKey));
  }

  get size(): number {
    return this.keys.length;
  }

  private matches(key: string, numberAbove = false): boolean {
    if (key.length < 3) return false;
    // The title without its number only under the number standing alone ("XV" / "JOSEF"):
    // elsewhere the same words are a song's or a letter's title inside the chapter.
    if (numberAbove && this.titles.has(key)) return true;
    return this.keys.some((entry) => {
      if (entry === key) return true;
      const shorter = Math.min(entry.length, key.length);
      if (shorter < 8) return false;
      // "CHAPTER I -- HOW MANY KINDS…" in the text, "I. How many kinds…" in the list: what
      // one has more than the other is a numbering, not more words of a title.
      // A line without the entry's number is its title only under the number standing alone.
      if (entry.length > key.length && !numberAbove) return false;
      const [longer, tail] = entry.length > key.length ? [entry, key] : [key, entry];
      return longer.endsWith(tail) && NUMBERING.test(longer.slice(0, -tail.length));
    });
  }

  /** A heading names an entry, or is the number an entry opens with ("IV" for "IV. Josef"). */
  names(heading: string): boolean {
    const key = headingKey(heading);
    return (
      this.matches(key) || (key !== "" && this.keys.some((entry) => entry.startsWith(`${key} `)))
    );
  }

  /**
   * The heading at `lines[start]` (one to three lines standing alone) when it is an entry of
   * the list: its text and the index after it.
   */
  match(lines: string[], start: number): { text: string; next: number } | null {
    let above = start - 1;
    while (above >= 0 && above >= start - 3 && !(lines[above] ?? "").trim()) above--;
    const numberAbove = BARE_NUMBER.test(lines[above]?.trim() ?? "");
    let text = "";
    for (let k = start; k < Math.min(lines.length, start + 3); k++) {
      const line = lines[k]?.trim() ?? "";
      if (!line || line.length > 110) return null;
      text = text ? `${text} ${line}` : line;
      // A line of dialogue that happens to say a chapter's title ("“Dermott McDermott.”")
      // ends a sentence where the contents entry does not.
      const sentence = SENTENCE_END.test(text) && !this.sentences.has(headingKey(text));
      if (!sentence && !(lines[k + 1] ?? "").trim() && this.matches(headingKey(text), numberAbove))
        return { text, next: k + 1 };
    }
    return null;
  }
}
