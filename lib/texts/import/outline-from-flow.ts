import { chaptersFromFlow, type FlowItem } from "./flow";
import { linkFootnotes } from "./footnotes";
import type { Outline } from "./types";

type FlowMeta = {
  title: string | null;
  author: string | null;
  language: string | null;
  fallbackTitle: string;
};

/**
 * Outline of a headed document (HTML, Markdown): a single top-level heading that opens the
 * document is its title, not a chapter; the remaining headings cut chapters.
 */
export function outlineFromFlow(items: FlowItem[], meta: FlowMeta): Outline {
  const firstHeading = items.findIndex((item) => item.type === "heading");
  // A loop, not Math.min(...items): spreading a long flow overflows the call stack.
  let topLevel = 99;
  for (const item of items) if (item.type === "heading") topLevel = Math.min(topLevel, item.level);
  const topCount = items.filter(
    (item) => item.type === "heading" && item.level === topLevel,
  ).length;
  let title = meta.title;
  let rest = items;
  const first = items[firstHeading];
  const beforeFirst = items.slice(0, Math.max(firstHeading, 0));
  if (
    first?.type === "heading" &&
    first.level === topLevel &&
    topCount === 1 &&
    beforeFirst.length <= 1
  ) {
    title = first.text;
    rest = [...beforeFirst, ...items.slice(firstHeading + 1)];
  }
  const resolvedTitle = title?.trim() || meta.fallbackTitle;
  const chapters = chaptersFromFlow(rest, resolvedTitle);
  linkFootnotes(chapters);
  return { title: resolvedTitle, author: meta.author, language: meta.language, chapters };
}
