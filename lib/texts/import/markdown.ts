import MarkdownIt from "markdown-it";

import type { FlowItem } from "./flow";
import { htmlToFlow } from "./html";
import { outlineFromFlow } from "./outline-from-flow";
import { collapseSpace, guessLanguage } from "./text-utils";
import type { Block, BlockKind, Outline } from "./types";

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

function inlineText(token: Token): string {
  let text = "";
  for (const child of token.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak") text += " ";
    else if (child.type === "hardbreak") text += "\n";
    else if (child.type === "image") text += child.content;
    else if (child.type === "html_inline") continue;
  }
  return text;
}

/** The source lines of a paragraph (soft and hard breaks), for telling verse from prose. */
function inlineLines(token: Token): string[] {
  const lines = [""];
  for (const child of token.children ?? []) {
    if (child.type === "softbreak" || child.type === "hardbreak") lines.push("");
    else if (child.type === "text" || child.type === "code_inline")
      lines[lines.length - 1] += child.content;
  }
  return lines.map(collapseSpace).filter(Boolean);
}

/** Lines that nearly all open with a capital and stay short: verse written one line a line. */
function looksLikeVerseLines(lines: string[]): boolean {
  if (lines.length < 3) return false;
  const verseLike = lines.filter(
    (line) => line.length <= 80 && /^[“"‘'(¿¡]?\p{Lu}/u.test(line),
  ).length;
  return verseLike >= lines.length * 0.85;
}

/** "## Author: Dante" above the first chapter: a metadata field set as a heading. */
const FIELD_HEADING = /^(title|author|translator|year|date|language|published)\s*:\s*(\S.*)$/i;

/**
 * A list item that is nothing but a link to a heading of the same document ("- [Part one](#part-one)"):
 * a generated table of contents, which the chapters already are.
 */
function isAnchorLinkOnly(token: Token): boolean {
  const children = (token.children ?? []).filter(
    (child) => !(child.type === "text" && !child.content.trim()) && child.type !== "softbreak",
  );
  const open = children[0];
  const close = children[children.length - 1];
  return (
    children.length >= 2 &&
    open?.type === "link_open" &&
    String(open.attrGet("href") ?? "").startsWith("#") &&
    close?.type === "link_close" &&
    children
      .slice(1, -1)
      .every(
        (child) =>
          child.type === "text" || child.type.endsWith("_open") || child.type.endsWith("_close"),
      )
  );
}

/** Pasted text that is Markdown: ATX headings, with other Markdown marks or more headings. */
export function looksLikeMarkdown(text: string): boolean {
  const sample = text.slice(0, 100_000);
  const headings = sample.match(/^#{1,6}[ \t]+\S/gm)?.length ?? 0;
  if (headings === 0) return false;
  const markdownMarks = [
    /\*\*[^*\n]+\*\*/,
    /\[[^\]\n]+\]\([^\s)]+\)/,
    /^`{3}/m,
    /^>[ \t]/m,
    /^[-*+][ \t]+\S/m,
  ];
  const marks = markdownMarks.filter((mark) => mark.test(sample)).length;
  return headings >= 2 || marks >= 1;
}

/** "---\ntitle: …\nauthor: …\n---" at the top, as many Markdown tools write it. */
function frontMatter(source: string): { body: string; fields: Record<string, string> } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (!match?.[1]) return { body: source, fields: {} };
  const fields: Record<string, string> = {};
  for (const line of match[1].split(/\r?\n/)) {
    const field = /^(\w+):\s*["']?(.*?)["']?\s*$/.exec(line);
    if (field?.[1] && field[2]) fields[field[1].toLowerCase()] = field[2];
  }
  return { body: source.slice(match[0].length), fields };
}

/**
 * Markdown through markdown-it's token stream: headings rank chapters, blockquotes become
 * quotes, list items list items, fenced code keeps its lines; "[^n]: …" definitions are
 * footnotes (markdown-it has no footnote rule without a plugin, so they arrive as text).
 */
export function parseMarkdown(source: string, fallbackTitle: string): Outline {
  const { body, fields } = frontMatter(source);
  const tokens = md.parse(body, {});
  const items: FlowItem[] = [];
  const headingFields: Record<string, string> = {};
  let quoteDepth = 0;
  let listDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    switch (token.type) {
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        listDepth++;
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        listDepth--;
        break;
      case "heading_open": {
        const inline = tokens[i + 1];
        const text = inline ? collapseSpace(inlineText(inline)) : "";
        const field = FIELD_HEADING.exec(text);
        const beforeChapters = !items.some((item) => item.type === "heading");
        if (field?.[1] && field[2] && beforeChapters) {
          headingFields[field[1].toLowerCase()] = field[2];
          i += 2;
          break;
        }
        if (text) items.push({ type: "heading", level: Number(token.tag.slice(1)), text });
        i += 2;
        break;
      }
      case "inline": {
        if (listDepth > 0 && isAnchorLinkOnly(token)) break;
        const raw = inlineText(token);
        const lines = raw.split("\n").map(collapseSpace).filter(Boolean);
        if (lines.length === 0) break;
        let kind: BlockKind = quoteDepth > 0 ? "quote" : listDepth > 0 ? "list-item" : "paragraph";
        // "_Translated by …_" before any chapter: a credit line of the title page.
        if (
          !items.some((item) => item.type === "heading") &&
          /^(?:translated|edited|illustrated) (?:from [^,]{1,40} )?by\b.{0,100}$/i.test(
            lines.join(" "),
          )
        )
          break;
        const sourceLines = inlineLines(token);
        if (kind !== "list-item" && (lines.length >= 3 || looksLikeVerseLines(sourceLines)))
          kind = "verse";
        const verseLines = lines.length >= 3 ? lines : sourceLines;
        const block: Block = {
          kind,
          text: kind === "verse" ? verseLines.join("\n") : lines.join(" "),
        };
        items.push({ type: "block", block });
        break;
      }
      case "fence":
      case "code_block": {
        const text = token.content.replace(/\s+$/, "");
        if (text) items.push({ type: "block", block: { kind: "verse", text } });
        break;
      }
      case "html_block":
        items.push(...htmlToFlow(token.content).items);
        break;
      default:
        break;
    }
  }
  const plain = items
    .map((item) => (item.type === "block" ? item.block.text : item.text))
    .join("\n");
  return outlineFromFlow(items, {
    title: fields.title ?? headingFields.title ?? null,
    author: fields.author ?? headingFields.author ?? null,
    language: fields.lang ?? fields.language ?? guessLanguage(plain),
    fallbackTitle,
  });
}
