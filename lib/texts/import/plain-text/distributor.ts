import type { FlowItem } from "../flow";
import { collapseSpace } from "../text-utils";
import type { RemovedPart } from "../types";

/**
 * Distributor conventions of public-domain e-text archives (Project Gutenberg and the
 * archives that copy its layout): the header above the start marker carries the metadata,
 * everything below the end marker is the licence, and the first paragraphs after the start
 * marker often credit the producers or carry a transcriber's note. None of it is the book.
 */
export type DistributorSplit = {
  /** The book's own text, markers, header and licence removed. */
  body: string;
  title: string | null;
  author: string | null;
  translator: string | null;
  language: string | null;
  removed: RemovedPart[];
};

const START_MARKER =
  /^[ \t]*\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b[^\n]*$/im;
const END_MARKER =
  /^[ \t]*\*{3}[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b[^\n]*$/im;
/** The small-print block of 1990s e-texts ends with this line instead of a start marker. */
const OLD_SMALL_PRINT_END = /^[ \t]*\*END\*THE SMALL PRINT![^\n]*$/im;
/** "End of the Project Gutenberg EBook of …" / "End of Project Gutenberg's …" before the licence. */
const END_LINE = /^[ \t]*End of (?:the )?Project Gutenberg(?:'s|’s)?\b[^\n]*$/im;
const HEADER_FIRST_LINE = /^\s*(?:The )?Project Gutenberg(?:'s)? E-?(?:Book|Text)\b/i;
const CREDIT =
  /^(?:Produced by|E-?text (?:prepared|produced) by|This e-?(?:book|text) was (?:produced|prepared|created) by|Transcribed (?:from|by)|Digitized by|Scanned by|Updated editions will replace)\b/i;
const TRANSCRIBER_NOTE =
  /^\[?\s*(?:Transcriber|Transcriber's|Transcriber’s|Note del transcriptor|Notes? de transcription|Anmerkung(?:en)? zur Transkription)\b/i;

/** "Note: Project Gutenberg also has an HTML version of this file…": a note on the e-text itself. */
const ETEXT_NOTE = /^\[?\s*Note:[\s\S]*\b(?:Project Gutenberg|e-?text|HTML version|transcri)/i;

const LANGUAGE_NAMES: Record<string, string> = {
  english: "en",
  french: "fr",
  german: "de",
  spanish: "es",
  russian: "ru",
  italian: "it",
  portuguese: "pt",
  dutch: "nl",
  latin: "la",
  finnish: "fi",
  swedish: "sv",
  danish: "da",
  norwegian: "no",
  polish: "pl",
  greek: "el",
  chinese: "zh",
  japanese: "ja",
  catalan: "ca",
  czech: "cs",
  hungarian: "hu",
};

function excerptOf(text: string): string {
  const flat = collapseSpace(text);
  return flat.length > 200 ? `${flat.slice(0, 197)}…` : flat;
}

/** "Title: News from Nowhere\n       or An Epoch of Rest" → the first line of the field. */
function headerField(header: string, name: string): string | null {
  const match = new RegExp(`^[ \\t]*${name}:[ \\t]*(\\S[^\\n]*)$`, "im").exec(header);
  const value = match?.[1]?.trim();
  return value ? value : null;
}

function languageCode(value: string | null): string | null {
  if (!value) return null;
  const first =
    value
      .split(/[,;&]|\band\b/)[0]
      ?.trim()
      .toLowerCase() ?? "";
  if (LANGUAGE_NAMES[first]) return LANGUAGE_NAMES[first] ?? null;
  return /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(first) ? first : null;
}

/** "Nicolo Machiavelli" from "Nicolo Machiavelli" or "Nicolo Machiavelli (1469-1527)". */
function cleanName(value: string | null): string | null {
  if (!value) return null;
  const name = value
    .replace(/\s*\((?:\d|c\.|ca\.)[^)]*\)\s*$/, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  return name && !/^(?:various|anonymous|unknown)$/i.test(name) ? name : null;
}

/** The credits and transcriber's notes that open the body: paragraphs, removed whole. */
function stripOpeningNotes(body: string, removed: RemovedPart[]): string {
  let rest = body;
  for (let guard = 0; guard < 6; guard++) {
    const leading = /^\s*/.exec(rest)?.[0].length ?? 0;
    const paragraphEnd = rest.indexOf("\n\n", leading);
    const end = paragraphEnd === -1 ? rest.length : paragraphEnd;
    const paragraph = rest.slice(leading, end);
    if (!paragraph.trim()) break;
    const reason = CREDIT.test(paragraph)
      ? "distributor-header"
      : TRANSCRIBER_NOTE.test(paragraph) || ETEXT_NOTE.test(paragraph)
        ? "transcriber-note"
        : null;
    if (!reason) break;
    // A bracketed note runs to its closing bracket, across blank lines.
    let cut = end;
    // "Transcriber's note:" on a line of its own labels the paragraph under it.
    if (/^[^\n]{0,40}:\s*$/.test(paragraph.trim()) && paragraphEnd !== -1) {
      const nextStart = paragraphEnd + (/^\s*/.exec(rest.slice(paragraphEnd))?.[0].length ?? 0);
      const nextEnd = rest.indexOf("\n\n", nextStart);
      cut = nextEnd === -1 ? rest.length : nextEnd;
    }
    if (paragraph.startsWith("[") && !paragraph.includes("]")) {
      const close = rest.indexOf("]", end);
      if (close !== -1 && close - end < 5_000) cut = close + 1;
    }
    removed.push({
      reason,
      excerpt: excerptOf(rest.slice(leading, cut)),
      characters: cut - leading,
    });
    rest = rest.slice(cut);
  }
  return rest;
}

/** Transcriber's notes elsewhere in the text: bracketed paragraphs that say so. */
function stripInlineNotes(body: string, removed: RemovedPart[]): string {
  return body.replace(
    /(^|\n\n)[ \t]*\[(?:Transcriber|Transcriber's|Transcriber’s)[^\]]{0,3000}\][ \t]*(?=\n\n|\n?$)/gi,
    (whole, lead: string) => {
      removed.push({
        reason: "transcriber-note",
        excerpt: excerptOf(whole),
        characters: whole.length,
      });
      return lead;
    },
  );
}

/**
 * Splits an e-text into its distributor's parts and the book. Text without a recognised
 * start marker is returned as it is (no header is guessed from ordinary prose).
 */
export function splitDistributorText(text: string): DistributorSplit {
  const removed: RemovedPart[] = [];
  const start = START_MARKER.exec(text) ?? OLD_SMALL_PRINT_END.exec(text);
  const headerLooksLikePG = HEADER_FIRST_LINE.test(text.slice(0, 400));
  if (!start && !headerLooksLikePG) {
    return { body: text, title: null, author: null, translator: null, language: null, removed };
  }
  let header = "";
  let bodyStart = 0;
  if (start) {
    header = text.slice(0, start.index);
    bodyStart = start.index + start[0].length;
    removed.push({
      reason: "distributor-header",
      excerpt: excerptOf(header || start[0]),
      characters: bodyStart,
    });
  }
  let bodyEnd = text.length;
  const tail = text.slice(bodyStart);
  const end = END_MARKER.exec(tail);
  const endLine = END_LINE.exec(tail);
  const cuts = [end?.index, endLine?.index].filter((at): at is number => at !== undefined);
  if (cuts.length > 0) {
    bodyEnd = bodyStart + Math.min(...cuts);
    removed.push({
      reason: "licence",
      excerpt: excerptOf(text.slice(bodyEnd)),
      characters: text.length - bodyEnd,
    });
  }
  let body = text.slice(bodyStart, bodyEnd);
  body = stripOpeningNotes(body, removed);
  body = stripInlineNotes(body, removed);
  return {
    body,
    title: headerField(header, "Title"),
    author: cleanName(headerField(header, "Author")),
    translator: cleanName(headerField(header, "Translator")),
    language: languageCode(headerField(header, "Language")),
    removed,
  };
}

export type DistributorFlow = {
  items: FlowItem[];
  title: string | null;
  author: string | null;
  language: string | null;
};

/**
 * The same conventions on a flow read from HTML (Project Gutenberg's HTML editions carry the
 * header and licence as ordinary paragraphs): what comes up to the start marker is the
 * header, whose fields are the metadata; what comes from the end marker on is the licence.
 */
export function splitDistributorItems(items: FlowItem[], removed: RemovedPart[]): DistributorFlow {
  const textOf = (item: FlowItem) => (item.type === "block" ? item.block.text : item.text);
  const start = items.findIndex((item) => START_MARKER.test(textOf(item)));
  const none = { items, title: null, author: null, language: null };
  if (start === -1) return none;
  const header = items
    .slice(0, start + 1)
    .map(textOf)
    .join("\n");
  if (!HEADER_FIRST_LINE.test(header.slice(0, 400)) && !/^\s*Title:/im.test(header)) return none;
  removed.push({
    reason: "distributor-header",
    excerpt: excerptOf(header),
    characters: header.length,
  });
  let end = items.findIndex(
    (item, at) => at > start && (END_MARKER.test(textOf(item)) || END_LINE.test(textOf(item))),
  );
  if (end === -1) end = items.length;
  const licence = items.slice(end).map(textOf).join("\n");
  if (licence)
    removed.push({ reason: "licence", excerpt: excerptOf(licence), characters: licence.length });
  let first = start + 1;
  // Credits and notes on the e-text open the body, as in the text editions.
  while (first < end && first <= start + 6) {
    const item = items[first];
    const text = item ? textOf(item) : "";
    if (item?.type !== "block" || !(CREDIT.test(text) || TRANSCRIBER_NOTE.test(text))) break;
    removed.push({
      reason: "distributor-header",
      excerpt: excerptOf(text),
      characters: text.length,
    });
    first++;
  }
  return {
    items: items.slice(first, end),
    title: headerField(header, "Title"),
    author: cleanName(headerField(header, "Author")),
    language: languageCode(headerField(header, "Language")),
  };
}
