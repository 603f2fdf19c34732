import { Parser } from "htmlparser2";
import type { FlowItem } from "./flow";
import { AppError } from "@/lib/errors/app-error";
import type { Block, BlockKind } from "./types";
import { MAX_HTML_DEPTH } from "./limits";
import { collapseSpace } from "./text-utils";

export type HtmlFlow = {
  items: FlowItem[];
  /** Element id → index in items of the first item at or after that element. */
  anchors: Map<string, number>;
  title: string | null;
  author: string | null;
  language: string | null;
};

const SKIPPED = new Set([
  "script",
  "style",
  "head",
  "template",
  "noscript",
  "svg",
  "math",
  "button",
  "select",
  "nav",
]);
const BLOCKS = new Set([
  "p",
  "div",
  "li",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "pre",
  "dt",
  "dd",
  "figcaption",
  "caption",
  "section",
  "article",
  "aside",
  "header",
  "footer",
  "address",
  "table",
  "tr",
  "ul",
  "ol",
  "dl",
  "figure",
  "main",
  "body",
  "hr",
  "nav",
  "hgroup",
  "center",
]);
/** "[Image unavailable.]", "[Illustration]": an e-book's stand-in for a picture, not text. */
const IMAGE_PLACEHOLDER =
  /^\[(?:image|illustration|picture)s?(?: (?:unavailable|not available))?\.?\]$/i;
const VERSE_CLASS = /\b(verse|poem|poetry|stanza|song|line-group|linegroup)\b/i;
const IMAGE_LINK = /\.(?:jpe?g|png|gif|svg|webp|bmp|tiff?)(?:[?#].*)?$/i;
/** Project Gutenberg's HTML and EPUB editions wrap their header and licence in these. */
const DISTRIBUTOR_BOILERPLATE =
  /(?:^|\s)(?:pg-boilerplate|pg-header|pg-footer|pgheader|pgfooter)(?:\s|$)/;
/** Printed line numbers of a poem ("10", "20"): not part of the line. */
const LINE_NUMBER = /(?:^|\s)(?:lnum|linenum|line-?num(?:ber)?|linenumber)(?:\s|$)/i;
const NOTE_TYPES = /\b(footnote|endnote|rearnote|note)\b/;
const NOTE_ROLES = /\bdoc-(footnote|endnote)\b/;

const VERSE_LINE_CHARS = 80;

/** Three or more lines broken by <br>, nearly all of them short: a poem, not a paragraph. */
function looksLikeVerse(lines: string[]): boolean {
  if (lines.length < 3) return false;
  const short = lines.filter((line) => line.length <= VERSE_LINE_CHARS).length;
  return short >= lines.length * 0.85;
}

function splitStanzas(rawLines: string[]): string[] {
  const stanzas: string[][] = [[]];
  for (const line of rawLines) {
    const current = stanzas.at(-1) ?? [];
    if (line) current.push(line);
    else if (current.length > 0) stanzas.push([]);
  }
  return stanzas.filter((stanza) => stanza.length > 0).map((stanza) => stanza.join("\n"));
}

/**
 * One open element. What a block inside it inherits (kind, heading, note, pre) is computed
 * once when the element opens, so reading the context of a block costs the same at any
 * depth; walking the whole stack for every block made deep nesting quadratic.
 */
type Frame = {
  name: string;
  skip: boolean;
  isBlock: boolean;
  /** Innermost kind, heading level and note id of this frame and its ancestors. */
  kind: BlockKind;
  heading: number;
  noteId: string | null;
  inPre: boolean;
  /** Open block elements from the bottom of the stack up to and including this frame. */
  blocks: number;
  /** An element with a verse class (poem, stanza, linegroup): its plain children are lines. */
  verseGroup: boolean;
  /** A line of verse written as its own <div>/<p>: it ends with a line break, not a block. */
  verseLine: boolean;
};

/**
 * Reads HTML or XHTML into a flow of headings and blocks. Block kinds come from the
 * enclosing elements (blockquote → quote, li → list item, EPUB/ARIA footnote containers →
 * footnote, verse classes → verse); EPUB noterefs and ARIA doc-noteref links become
 * footnoteRefs. Ids are remembered so EPUB navigation can cut chapters at anchors.
 */
export function htmlToFlow(html: string): HtmlFlow {
  const items: FlowItem[] = [];
  const anchors = new Map<string, number>();
  const stack: Frame[] = [];
  let buffer = "";
  let refs: string[] = [];
  let pendingNoteId: string | null = null;
  let titleText: string | null = null;
  let inTitle = false;
  let author: string | null = null;
  let language: string | null = null;

  /** Open elements by name, so a close tag that matches nothing is dropped without a scan. */
  const openByName = new Map<string, number>();

  const flush = () => {
    const top = stack.at(-1);
    const kind = top?.kind ?? "paragraph";
    const heading = top?.heading ?? 0;
    const noteId = top?.noteId ?? null;
    const keepLines = kind === "verse" || (top?.inPre ?? false);
    const rawLines = buffer.split("\n").map(collapseSpace);
    const lines = rawLines.filter((line) => line.length > 0);
    const text = keepLines ? lines.join("\n") : collapseSpace(lines.join(" "));
    buffer = "";
    if (!text || IMAGE_PLACEHOLDER.test(text)) {
      refs = [];
      return;
    }
    if (heading) {
      items.push({ type: "heading", level: heading, text: collapseSpace(text) });
      refs = [];
      return;
    }
    // Several short lines broken with <br> in one paragraph are verse; a blank line (two
    // <br> in a row) between them ends a stanza, and each stanza is its own block.
    const finalKind: BlockKind = kind === "paragraph" && looksLikeVerse(lines) ? "verse" : kind;
    const stanzas = finalKind === "verse" ? splitStanzas(rawLines) : [text];
    stanzas.forEach((stanza, index) => {
      const block: Block = { kind: finalKind, text: stanza };
      if (index === 0 && refs.length > 0) block.footnoteRefs = refs;
      if (index === 0 && kind === "footnote" && noteId && pendingNoteId === noteId) {
        block.footnoteId = noteId;
        pendingNoteId = null;
      }
      items.push({ type: "block", block });
    });
    refs = [];
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const parentSkip = stack.at(-1)?.skip ?? false;
        if (name === "title" && !parentSkip) inTitle = true;
        if (name === "html" && (attrs.lang || attrs["xml:lang"]))
          language = attrs.lang ?? attrs["xml:lang"] ?? null;
        if (name === "meta" && attrs.name?.toLowerCase() === "author" && attrs.content)
          author = collapseSpace(attrs.content);
        if (name === "br") {
          buffer += "\n";
          return;
        }
        // Image alt text and the text of links to a full-size image ("ENLARGE TO FULL SIZE")
        // describe pictures, not the text: they are not read.
        const epubType = attrs["epub:type"] ?? "";
        const role = attrs.role ?? "";
        if (name === "a" && (/\bnoteref\b/.test(epubType) || /\bdoc-noteref\b/.test(role))) {
          const target = attrs.href?.split("#")[1];
          if (target && !refs.includes(target)) refs.push(target);
        }
        const parentFrame = stack.at(-1);
        const verseClass = VERSE_CLASS.test(attrs.class ?? "");
        const verseLine =
          (parentFrame?.verseGroup ?? false) && !verseClass && (name === "div" || name === "p");
        const isBlock = BLOCKS.has(name) && !verseLine;
        if (isBlock) flush();
        let kind: BlockKind | null = null;
        let noteId: string | null = null;
        if (name === "blockquote") kind = "quote";
        else if (name === "li") kind = "list-item";
        else if (name === "figcaption" || name === "caption") kind = "caption";
        if (verseClass) kind = "verse";
        if (NOTE_TYPES.test(epubType) || NOTE_ROLES.test(role)) {
          kind = "footnote";
          noteId = attrs.id ?? null;
          pendingNoteId = noteId;
        }
        const headingMatch = /^h([1-6])$/.exec(name);
        if (stack.length >= MAX_HTML_DEPTH) {
          throw new AppError(
            "unprocessable",
            `This document nests its elements more than ${MAX_HTML_DEPTH} deep; it cannot be imported.`,
          );
        }
        const parent = stack.at(-1);
        stack.push({
          name,
          skip:
            parentSkip ||
            SKIPPED.has(name) ||
            /\bpagebreak\b/.test(epubType) ||
            (name === "a" && IMAGE_LINK.test(attrs.href ?? "")) ||
            LINE_NUMBER.test(attrs.class ?? "") ||
            DISTRIBUTOR_BOILERPLATE.test(`${attrs.id ?? ""} ${attrs.class ?? ""}`),
          isBlock,
          kind: kind ?? parent?.kind ?? "paragraph",
          heading: headingMatch ? Number(headingMatch[1]) : (parent?.heading ?? 0),
          noteId: noteId ?? parent?.noteId ?? null,
          inPre: name === "pre" || (parent?.inPre ?? false),
          blocks: (parent?.blocks ?? 0) + (isBlock ? 1 : 0),
          verseGroup: verseClass,
          verseLine,
        });
        openByName.set(name, (openByName.get(name) ?? 0) + 1);
        if (attrs.id && !anchors.has(attrs.id)) anchors.set(attrs.id, items.length);
      },
      ontext(text) {
        if (inTitle) titleText = (titleText ?? "") + text;
        const top = stack.at(-1);
        if (top?.skip) return;
        // Outside <pre>, a newline in the source is white space like any other: only <br>
        // breaks a line (so a poem's stanzas are told apart by doubled <br>, not by layout).
        buffer += top?.inPre ? text : text.replace(/[\r\n]+/g, " ");
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (name === "br") return;
        // Close up to the matching frame; tolerate unbalanced HTML. The scan stops at the match,
        // and every frame it passes is popped, so its cost is paid once per element.
        if (!openByName.get(name)) return;
        let index = stack.length - 1;
        while (index >= 0 && stack[index]?.name !== name) index--;
        if (index === -1) return;
        if (stack[index]?.verseLine) buffer += "\n";
        // A table row is one block: its cells, read in order, separated by a space.
        if (name === "td" || name === "th") buffer += " ";
        const below = index > 0 ? (stack[index - 1]?.blocks ?? 0) : 0;
        if ((stack.at(-1)?.blocks ?? 0) > below) flush();
        for (let i = index; i < stack.length; i++) {
          const closed = stack[i]?.name ?? "";
          openByName.set(closed, (openByName.get(closed) ?? 1) - 1);
        }
        stack.length = index;
      },
    },
    {
      decodeEntities: true,
      recognizeSelfClosing: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
    },
  );
  parser.write(html);
  parser.end();
  flush();
  const title = titleText ? collapseSpace(titleText) : null;
  return { items, anchors, title: title || null, author, language };
}
