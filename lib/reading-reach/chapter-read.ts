/**
 * The one rule for "this chapter is read", used by group home, My readings, the session page,
 * the progress grid and the spoiler shield: marked read, or read to the end (100%) by scrolling.
 * Before this rule the grid showed 100% while group home still counted the chapter as unread.
 */
export function isChapterRead(progress: {
  fraction: number;
  completedAt: Date | string | null;
}): boolean {
  return progress.completedAt !== null || progress.fraction >= 1;
}

/** What every view shows: a read chapter is at 100% whatever fraction was last stored. */
export function chapterProgressView(progress: {
  fraction: number;
  completedAt: Date | string | null;
}): { fraction: number; completed: boolean } {
  const completed = isChapterRead(progress);
  return { fraction: completed ? 1 : Math.max(0, progress.fraction), completed };
}
