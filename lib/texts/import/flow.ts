import type { Block, OutlineChapter } from "./types";

/**
 * What every format parser emits before chapters are cut: headings with a rank
 * (1 = strongest) and blocks, in reading order.
 */
export type FlowItem =
  { type: "heading"; level: number; text: string } | { type: "block"; block: Block };

export const INTRODUCTION_TITLE = "Introduction";

/**
 * Cuts a flow into chapters. The chapter rank is the strongest heading level that occurs
 * at least twice (a lone stronger heading is a part title, not a run of chapters); before
 * the first chapter-rank heading, weaker headings still open chapters so front matter such
 * as "Introduction" is not folded into the first chapter. Other headings stay inside their
 * chapter as "heading" blocks. Content before any heading becomes an "Introduction".
 * Level 0 headings always open a chapter and take no part in the ranking.
 */
export function chaptersFromFlow(items: FlowItem[], fallbackTitle: string): OutlineChapter[] {
  const levels = new Map<number, number>();
  for (const item of items) {
    if (item.type === "heading" && item.level > 0)
      levels.set(item.level, (levels.get(item.level) ?? 0) + 1);
  }
  const sorted = [...levels.keys()].sort((a, b) => a - b);
  const chapterLevel = sorted.find((level) => (levels.get(level) ?? 0) >= 2) ?? sorted[0];

  const chapters: OutlineChapter[] = [];
  let current: OutlineChapter | null = null;
  let seenChapterLevel = false;
  let frontLevel = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (item.type === "heading") {
      const opens =
        item.level === 0 ||
        (chapterLevel !== undefined &&
          (item.level <= chapterLevel || (!seenChapterLevel && item.level <= frontLevel)));
      if (opens) {
        if (item.level === 0) {
          // level 0: a chapter the parser made up (trailing "Notes"), outside the ranking
        } else if (item.level <= (chapterLevel ?? 0)) seenChapterLevel = true;
        else frontLevel = item.level;
        current = { title: item.text, blocks: [] };
        chapters.push(current);
        continue;
      }
      if (!current) {
        current = { title: INTRODUCTION_TITLE, blocks: [] };
        chapters.push(current);
      }
      current.blocks.push({ kind: "heading", text: item.text });
      continue;
    }
    if (!current) {
      current = {
        title: chapterLevel === undefined ? fallbackTitle : INTRODUCTION_TITLE,
        blocks: [],
      };
      chapters.push(current);
    }
    current.blocks.push(item.block);
  }
  return chapters.filter((chapter) => chapter.blocks.length > 0);
}
