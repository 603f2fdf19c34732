import { isChapterRead } from "@/lib/reading-reach/chapter-read";

// The spoiler shield's rule, pure so the margin (a client component) applies the same one as
// the server's `shieldedKeys`.

/** Where a member is in one chapter, as the shield needs it. */
export type TChapterPosition = {
  /** The last paragraph reached (its position in the chapter), -1 when none is recorded. */
  paragraphPosition: number;
  /** 0..1, the furthest point scrolled to. */
  fraction: number;
  paragraphCount: number;
  completedAt: Date | string | null;
};

/**
 * The position of the last paragraph a member has reached in a chapter, or null when the whole
 * chapter counts as read. Scrolling records both a paragraph and a fraction; the further wins.
 * Without any progress row nothing is reached (-1).
 */
export function reachedParagraphPosition(position: TChapterPosition | null): number | null {
  if (!position) return -1;
  if (isChapterRead(position)) return null;
  const byFraction = Math.floor(position.fraction * position.paragraphCount) - 1;
  return Math.max(position.paragraphPosition, byFraction);
}

/**
 * The one rule of the spoiler shield ("hide comments beyond where I have read"): a comment is
 * shielded when it sits after the last paragraph reached, unless the member wrote in it. A
 * comment whose paragraph is gone (an orphaned thread, `paragraphPosition` null) has no place in
 * the chapter, so only a chapter read to the end lets it through.
 */
export function isBeyondReach(
  reached: number | null,
  paragraphPosition: number | null,
  ownComment: boolean,
): boolean {
  if (ownComment || reached === null) return false;
  if (paragraphPosition === null) return true;
  return paragraphPosition > reached;
}
