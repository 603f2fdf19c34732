"use client";

/**
 * Placeholder until the reading-progress work lands: the reader renders it so that work only
 * has to fill this component in.
 */
export function ReadingProgressTracker({ chapterId }: { chapterId: string }) {
  void chapterId;
  return null;
}
