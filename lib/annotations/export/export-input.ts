import type { TAnchor } from "@/lib/annotations/anchoring/anchor";

/**
 * What the exports consume. Structurally compatible with the comment document's snapshots
 * (`readThreads` in comment-document.ts), plus optional author names the caller looked up.
 */
export type TExportMessage = {
  id: string;
  authorId: string;
  authorName?: string | null;
  body: string;
  createdAt: string;
  editedAt?: string | null;
  deleted?: boolean;
};

export type TExportThread = {
  id: string;
  tags?: readonly string[];
  authorId: string;
  authorName?: string | null;
  createdAt: string;
  resolved: boolean;
  anchor: TAnchor;
  messages: readonly TExportMessage[];
};

export type TExportText = {
  id: string;
  title: string;
  url: string;
  /** BCP 47 language of the text (and, as far as we know, of the comments on it). */
  language?: string | null;
};

export type TExportChapter = {
  id: string;
  title: string;
  url: string;
  /** In reading order; when given, threads are listed in the order of their paragraphs. */
  paragraphs?: ReadonlyArray<{ id: string; text?: string }>;
};

export type TExportInput = {
  text: TExportText;
  chapters: readonly TExportChapter[];
  threads: readonly TExportThread[];
};

export type TExportedThread = {
  thread: TExportThread;
  /** The thread's first message, null when it was deleted. */
  opening: TExportMessage | null;
  replies: TExportMessage[];
};

/**
 * The threads to export grouped by chapter, in reading order: chapters as given, threads by
 * paragraph order (when known), then position, then creation. Deleted messages are dropped: a
 * thread whose opening message was deleted keeps its passage and replies (`opening` null), a
 * thread with nothing left is dropped; threads of chapters not listed are left out
 * (exporting one chapter is a subset, not an error).
 */
export function threadsByChapter(
  input: TExportInput,
): Array<{ chapter: TExportChapter; threads: TExportedThread[] }> {
  return input.chapters
    .map((chapter) => {
      const paragraphOrder = new Map(
        chapter.paragraphs?.map((paragraph, index) => [paragraph.id, index]),
      );
      const orderOf = (thread: TExportThread) =>
        paragraphOrder.get(thread.anchor.paragraphId) ?? Number.MAX_SAFE_INTEGER;
      const threads = input.threads
        .filter((thread) => thread.anchor.chapterId === chapter.id)
        .map((thread): TExportedThread => {
          const [first, ...rest] = thread.messages;
          return {
            thread,
            opening: first && first.deleted !== true ? first : null,
            replies: rest.filter((message) => message.deleted !== true),
          };
        })
        .filter(({ opening, replies }) => opening !== null || replies.length > 0)
        .sort(
          (a, b) =>
            orderOf(a.thread) - orderOf(b.thread) ||
            a.thread.anchor.start - b.thread.anchor.start ||
            a.thread.createdAt.localeCompare(b.thread.createdAt) ||
            a.thread.id.localeCompare(b.thread.id),
        );
      return { chapter, threads };
    })
    .filter(({ threads }) => threads.length > 0);
}
