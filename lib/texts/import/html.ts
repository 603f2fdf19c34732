import { Parser } from "htmlparser2";
import type { FlowItem } from "./flow";
import type { Block, BlockKind } from "./types";
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
  "td",
  "th",
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
const VERSE_CLASS = /\b(verse|poem|poetry|stanza|song|line-group|linegroup)\b/i;
const NOTE_TYPES = /\b(footnote|endnote|rearnote|note)\b/;
const NOTE_ROLES = /\bdoc-(footnote|endnote)\b/;

type Frame = {
  name: string;
  kind: BlockKind | null;
  noteId: string | null;
  skip: boolean;
  heading: number;
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

  const context = () => {
    let kind: BlockKind = "paragraph";
    let heading = 0;
    let noteId: string | null = null;
    for (const frame of stack) {
      if (frame.kind) kind = frame.kind;
      if (frame.heading) heading = frame.heading;
      if (frame.noteId) noteId = frame.noteId;
    }
    return { kind, heading, noteId };
  };

  const flush = () => {
    const { kind, heading, noteId } = context();
    const keepLines = kind === "verse" || stack.some((frame) => frame.name === "pre");
    const lines = buffer
      .split("\n")
      .map(collapseSpace)
      .filter((line) => line.length > 0);
    const text = keepLines ? lines.join("\n") : collapseSpace(lines.join(" "));
    buffer = "";
    if (!text) {
      refs = [];
      return;
    }
    if (heading) {
      items.push({ type: "heading", level: heading, text: collapseSpace(text) });
      refs = [];
      return;
    }
    // Several short lines broken with <br> in one paragraph are verse.
    const finalKind: BlockKind =
      kind === "paragraph" && lines.length >= 3 && lines.every((line) => line.length <= 70)
        ? "verse"
        : kind;
    const block: Block = { kind: finalKind, text: finalKind === "verse" ? lines.join("\n") : text };
    if (refs.length > 0) block.footnoteRefs = refs;
    if (kind === "footnote" && noteId && pendingNoteId === noteId) {
      block.footnoteId = noteId;
      pendingNoteId = null;
    }
    items.push({ type: "block", block });
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
        if (name === "img" && attrs.alt && !parentSkip) buffer += ` ${attrs.alt} `;
        const epubType = attrs["epub:type"] ?? "";
        const role = attrs.role ?? "";
        if (name === "a" && (/\bnoteref\b/.test(epubType) || /\bdoc-noteref\b/.test(role))) {
          const target = attrs.href?.split("#")[1];
          if (target && !refs.includes(target)) refs.push(target);
        }
        const isBlock = BLOCKS.has(name);
        if (isBlock) flush();
        let kind: BlockKind | null = null;
        let noteId: string | null = null;
        if (name === "blockquote") kind = "quote";
        else if (name === "li") kind = "list-item";
        else if (name === "figcaption" || name === "caption") kind = "caption";
        if (VERSE_CLASS.test(attrs.class ?? "")) kind = "verse";
        if (NOTE_TYPES.test(epubType) || NOTE_ROLES.test(role)) {
          kind = "footnote";
          noteId = attrs.id ?? null;
          pendingNoteId = noteId;
        }
        const headingMatch = /^h([1-6])$/.exec(name);
        stack.push({
          name,
          kind,
          noteId,
          skip: parentSkip || SKIPPED.has(name) || /\bpagebreak\b/.test(epubType),
          heading: headingMatch ? Number(headingMatch[1]) : 0,
        });
        if (attrs.id && !anchors.has(attrs.id)) anchors.set(attrs.id, items.length);
      },
      ontext(text) {
        if (inTitle) titleText = (titleText ?? "") + text;
        if (stack.at(-1)?.skip) return;
        buffer += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (name === "br") return;
        // Close up to the matching frame; tolerate unbalanced HTML.
        const index = stack.map((frame) => frame.name).lastIndexOf(name);
        if (index === -1) return;
        if (BLOCKS.has(name) || stack.slice(index).some((frame) => BLOCKS.has(frame.name))) flush();
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
