import { MENTION_TOKEN_PATTERN } from "@/lib/annotations/mentions";
import { threadsByChapter } from "./export-input";
import type { TExportInput, TExportMessage } from "./export-input";

export type TMarkdownExportOptions = {
  /** Display name for a user id when the message does not carry one. */
  resolveName?: (userId: string) => string | undefined;
};

/**
 * A readable Markdown digest of a text's comments: a heading per chapter, each thread as the
 * quoted passage followed by its messages (author, date in UTC, body), resolved threads marked.
 * Deleted messages are left out, as in the Web Annotation export.
 */
export function toMarkdownExport(
  input: TExportInput,
  options: TMarkdownExportOptions = {},
): string {
  const authorOf = (message: TExportMessage) =>
    message.authorName ?? options.resolveName?.(message.authorId) ?? message.authorId;
  const lines: string[] = [
    `# Comments on ${escapeInline(input.text.title)}`,
    "",
    `<${input.text.url}>`,
  ];

  const chapters = threadsByChapter(input);
  if (chapters.length === 0) lines.push("", "_No comments yet._");
  for (const { chapter, threads } of chapters) {
    lines.push("", `## ${escapeInline(chapter.title)}`);
    for (const { thread, opening, replies } of threads) {
      lines.push("", ...quote(thread.anchor.exact));
      if (thread.resolved) lines.push("", "**✓ Resolved**");
      lines.push("");
      if (!opening) lines.push("- _The opening comment was deleted._", "");
      for (const message of opening ? [opening, ...replies] : replies) {
        const edited = message.editedAt ? " (edited)" : "";
        lines.push(
          `- **${escapeInline(authorOf(message))}**, ${formatUtc(message.createdAt)}${edited}`,
          "",
        );
        // Mention tokens are our editor's syntax; elsewhere they would read as odd links.
        const body = message.body.replace(
          MENTION_TOKEN_PATTERN,
          (_token, name: string, userId: string) => `@${options.resolveName?.(userId) ?? name}`,
        );
        // Indented under its list item, the body keeps its own Markdown (lists, quotes, code).
        lines.push(...body.split(/\r?\n/).map((line) => (line.trim() ? `  ${line}` : "")), "");
      }
      while (lines.at(-1) === "") lines.pop();
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The passage is the book's text, not Markdown: quote every line and neutralise markup. */
function quote(passage: string): string[] {
  return passage.split(/\r?\n/).map((line) => (line.trim() ? `> ${escapeInline(line)}` : ">"));
}

function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, "\\$&").replace(/^(\s*)([#+-]|\d+\.)(?=\s)/, "$1\\$2");
}

function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
