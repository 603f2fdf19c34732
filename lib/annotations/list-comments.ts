import { z } from "zod";
import { assertChapterInText } from "@/lib/access/owned-ids";
import { renderCommentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import { shieldedKeys } from "@/lib/reading-reach/spoiler-shield";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { paragraphPath } from "@/lib/texts/reader-urls";

export const ZListCommentsFilter = z.object({
  chapterId: z.string().min(1).max(64).optional(),
  authorId: z.string().min(1).max(64).optional(),
  status: z.enum(["open", "resolved"]).optional(),
  /** Threads the viewer wrote in ("1"/"true" from a query string). */
  mine: z
    .union([z.boolean(), z.enum(["1", "0", "true", "false", ""])])
    .optional()
    .transform((value) => value === true || value === "1" || value === "true"),
});
export type TListCommentsFilter = z.input<typeof ZListCommentsFilter>;

export const MAX_LISTED_THREADS = 300;

export type TListedMessage = {
  id: string;
  authorId: string;
  authorName: string;
  /** Sanitised HTML of the Markdown body; null when deleted or hidden. */
  html: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  hidden: boolean;
};

export type TListedThread = {
  threadId: string;
  chapterId: string;
  chapterTitle: string;
  paragraphId: string;
  quote: string;
  resolved: boolean;
  createdAt: string;
  /** The passage in the reader. */
  url: string;
  messages: TListedMessage[];
  /** Beyond where the viewer has read, with "hide comments beyond" on: shown behind Reveal. */
  shielded: boolean;
};

/**
 * A text's comment threads for the "Comments" view, from the projection, in reading order
 * (chapter, paragraph, time). Filters: chapter, a member who wrote in the thread (`authorId`,
 * or `mine` for the viewer), open or resolved. Bodies are rendered server-side, sanitised.
 */
export async function listComments(
  viewer: { userId: string; groupId: string },
  textId: string,
  filter: TListCommentsFilter = {},
): Promise<{ threads: TListedThread[]; truncated: boolean }> {
  const { chapterId, authorId, status, mine } = parseInput(ZListCommentsFilter, filter);
  const text = await db.text.findFirst({
    where: { id: textId, groupId: viewer.groupId },
    select: { id: true },
  });
  if (!text) throw new AppError("not_found", "Text not found");
  if (chapterId) await assertChapterInText(textId, chapterId);

  const writers = [authorId, mine ? viewer.userId : undefined].filter(
    (id): id is string => id !== undefined,
  );
  let threadIds: string[] | undefined;
  for (const writer of writers) {
    const rows = await db.comment.findMany({
      where: { textId, authorId: writer, deleted: false, ...(chapterId ? { chapterId } : {}) },
      select: { threadId: true },
      distinct: ["threadId"],
    });
    const ids = rows.map((row) => row.threadId);
    threadIds = threadIds ? threadIds.filter((id) => ids.includes(id)) : ids;
  }

  const roots = await db.comment.findMany({
    where: {
      textId,
      isRoot: true,
      ...(chapterId ? { chapterId } : {}),
      ...(status ? { resolved: status === "resolved" } : {}),
      ...(threadIds ? { threadId: { in: threadIds } } : {}),
    },
    select: {
      threadId: true,
      chapterId: true,
      paragraphId: true,
      quote: true,
      resolved: true,
      createdAt: true,
      chapter: { select: { title: true, index: true } },
    },
  });
  const paragraphs = await db.paragraph.findMany({
    where: { id: { in: [...new Set(roots.map((root) => root.paragraphId))] } },
    select: { id: true, index: true },
  });
  const paragraphIndex = new Map(paragraphs.map((paragraph) => [paragraph.id, paragraph.index]));
  roots.sort(
    (a, b) =>
      a.chapter.index - b.chapter.index ||
      (paragraphIndex.get(a.paragraphId) ?? Infinity) -
        (paragraphIndex.get(b.paragraphId) ?? Infinity) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
  const truncated = roots.length > MAX_LISTED_THREADS;
  const shown = roots.slice(0, MAX_LISTED_THREADS);

  const messages = await db.comment.findMany({
    where: { threadId: { in: shown.map((root) => root.threadId) }, textId },
    orderBy: [{ threadId: "asc" }, { position: "asc" }],
    select: {
      id: true,
      threadId: true,
      authorId: true,
      body: true,
      createdAt: true,
      editedAt: true,
      deleted: true,
      hidden: true,
      author: { select: { name: true } },
    },
  });
  const members = await db.membership.findMany({
    where: { groupId: viewer.groupId },
    select: { userId: true, user: { select: { name: true } } },
  });
  const names = new Map(members.map((member) => [member.userId, member.user.name]));
  const byThread = new Map<string, TListedMessage[]>();
  for (const message of messages) {
    const list = byThread.get(message.threadId) ?? [];
    const gone = message.deleted || message.hidden;
    list.push({
      id: message.id,
      authorId: message.authorId,
      authorName: message.author.name,
      html: gone
        ? null
        : renderCommentMarkdown(message.body, { mentionName: (id) => names.get(id) }),
      createdAt: message.createdAt.toISOString(),
      editedAt: message.editedAt?.toISOString() ?? null,
      deleted: message.deleted,
      hidden: message.hidden,
    });
    byThread.set(message.threadId, list);
  }

  const shielded = await shieldedKeys(
    viewer.userId,
    shown.map((root) => ({
      key: root.threadId,
      chapterId: root.chapterId,
      paragraphId: root.paragraphId,
      authorIds: (byThread.get(root.threadId) ?? []).map((message) => message.authorId),
    })),
  );

  return {
    truncated,
    threads: shown
      // A thread whose every message was deleted has nothing left to show.
      .filter((root) => byThread.get(root.threadId)?.some((message) => !message.deleted))
      .map((root) => ({
        threadId: root.threadId,
        chapterId: root.chapterId,
        chapterTitle: root.chapter.title,
        paragraphId: root.paragraphId,
        quote: root.quote,
        resolved: root.resolved,
        createdAt: root.createdAt.toISOString(),
        url: paragraphPath(viewer.groupId, textId, root.chapterId, root.paragraphId),
        messages: byThread.get(root.threadId) ?? [],
        shielded: shielded.has(root.threadId),
      })),
  };
}
