import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { plainTextExcerpt } from "@/lib/annotations/markdown/comment-plain-text";
import { liveSessionContext } from "@/lib/sessions/live/live-session-context";

export type TSessionMark = {
  id: string;
  threadId: string;
  chapterId: string;
  chapterTitle: string;
  paragraphId: string | null;
  paragraphIndex: number | null;
  quote: string;
  excerpt: string;
  authorName: string;
  markedBy: { id: string; name: string };
  votes: number;
  votedByMe: boolean;
  createdAt: string;
};

const EXCERPT_CHARS = 280;

/**
 * The threads brought to a session, in passage order: the session's chapter order, then the
 * paragraph the thread is anchored to now (threads follow re-anchoring), then most votes.
 */
export async function listSessionMarks(
  access: GroupAccess,
  sessionId: string,
): Promise<TSessionMark[]> {
  const session = await liveSessionContext(sessionId);
  const marks = await db.sessionMark.findMany({
    where: { sessionId },
    select: {
      id: true,
      threadId: true,
      createdAt: true,
      markedBy: { select: { id: true, name: true } },
      votes: { select: { userId: true } },
    },
  });
  const roots = await db.comment.findMany({
    where: { threadId: { in: marks.map((mark) => mark.threadId) }, isRoot: true },
    select: {
      threadId: true,
      chapterId: true,
      paragraphId: true,
      quote: true,
      body: true,
      hidden: true,
      deleted: true,
      author: { select: { name: true } },
    },
  });
  const rootOf = new Map(roots.map((root) => [root.threadId, root]));
  const paragraphs = await db.paragraph.findMany({
    where: { id: { in: roots.map((root) => root.paragraphId) } },
    select: { id: true, index: true },
  });
  const indexOf = new Map(paragraphs.map((paragraph) => [paragraph.id, paragraph.index]));
  const chapterOrder = new Map(session.chapters.map((chapter, order) => [chapter.id, order]));
  const chapterTitle = new Map(session.chapters.map((chapter) => [chapter.id, chapter.title]));

  const views = marks.flatMap((mark): TSessionMark[] => {
    const root = rootOf.get(mark.threadId);
    // A thread deleted since, or moved to a chapter the session does not read, drops out.
    if (!root || root.deleted || !chapterOrder.has(root.chapterId)) return [];
    return [
      {
        id: mark.id,
        threadId: mark.threadId,
        chapterId: root.chapterId,
        chapterTitle: chapterTitle.get(root.chapterId) ?? "",
        paragraphId: root.paragraphId,
        paragraphIndex: indexOf.get(root.paragraphId) ?? null,
        quote: root.quote,
        excerpt: root.hidden ? "" : plainTextExcerpt(root.body, EXCERPT_CHARS),
        authorName: root.author.name,
        markedBy: mark.markedBy,
        votes: mark.votes.length,
        votedByMe: mark.votes.some((vote) => vote.userId === access.userId),
        createdAt: mark.createdAt.toISOString(),
      },
    ];
  });
  return views.sort(
    (a, b) =>
      (chapterOrder.get(a.chapterId) ?? 0) - (chapterOrder.get(b.chapterId) ?? 0) ||
      (a.paragraphIndex ?? Number.MAX_SAFE_INTEGER) -
        (b.paragraphIndex ?? Number.MAX_SAFE_INTEGER) ||
      b.votes - a.votes ||
      a.createdAt.localeCompare(b.createdAt),
  );
}
