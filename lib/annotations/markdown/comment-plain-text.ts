import markdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { addMentionRule, type TMentionTokenMeta } from "@/lib/annotations/markdown/mention-rule";

/**
 * A comment's Markdown as one line of plain text, for places that show a summary (group home,
 * notifications, agenda marks): `**core**` reads "core", a mention token reads "@Rosa Lindqvist",
 * a link reads as its text. Pure, so the browser can use it too.
 */
const markdown = markdownIt("default", { html: false, linkify: false, breaks: true });
markdown.disable(["image"]);
addMentionRule(markdown);

export type TPlainTextOptions = {
  /** Current display name for a mentioned user id (the token's own name can be stale or forged). */
  mentionName?: (userId: string) => string | undefined;
};

function inlineText(children: readonly Token[], options: TPlainTextOptions): string {
  let text = "";
  for (const child of children) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
    else if (child.type === "mention") {
      const meta = child.meta as TMentionTokenMeta;
      text += `@${options.mentionName?.(meta.userId) ?? meta.name}`;
    }
  }
  return text;
}

export function commentPlainText(body: string, options: TPlainTextOptions = {}): string {
  const parts: string[] = [];
  for (const token of markdown.parse(body, {})) {
    if (token.type === "inline") parts.push(inlineText(token.children ?? [], options));
    else if (token.type === "code_block" || token.type === "fence") parts.push(token.content);
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** The plain text cut at a word boundary to at most `max` characters, with an ellipsis. */
export function plainTextExcerpt(body: string, max: number, options: TPlainTextOptions = {}) {
  const plain = commentPlainText(body, options);
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
