import * as Y from "yjs";
import { renderCommentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import { readLive } from "@/lib/sessions/live/document/session-document";
import { getPool } from "@/lib/db/pool";
import { loadStoredUpdates } from "@/lib/documents/store";
import { db } from "@/lib/db/prisma";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";
import { paragraphPath, textPath } from "@/lib/texts/reader-urls";
import { sessionDoc, sessionNotesDoc } from "@/lib/documents/names";

/** Threads shown per chapter on a session's page; the rest are counted ("and N more"). */
export const THREADS_PER_CHAPTER = 8;

export type TSessionCommentThread = {
  threadId: string;
  paragraphId: string;
  quote: string;
  authorName: string;
  createdAt: string;
  /** Sanitised HTML of the opening message; null when it was hidden or deleted. */
  html: string | null;
  hidden: boolean;
  deleted: boolean;
  /** Replies neither deleted nor hidden. */
  replies: number;
  resolved: boolean;
  /** Opened between the session's start and end. */
  duringSession: boolean;
  /** The passage in the reader. */
  url: string;
};

export type TSessionChapterComments = {
  chapterId: string;
  chapterTitle: string;
  textId: string;
  /** Threads on the chapter with something left to show. */
  total: number;
  threads: TSessionCommentThread[];
  /** Threads not listed here (see the text's Comments view). */
  more: number;
  commentsUrl: string;
};

type SessionLike = {
  startsAt: string | Date;
  endsAt: string | Date;
  chapters: { id: string; title: string; textId: string }[];
};

/**
 * The margin comments on a session's chapters, for its archive: per chapter (in the session's
 * order), the threads from the comment projection (private notes never reach it). Bodies of
 * hidden messages are left out; a thread whose every message was deleted is omitted. When a
 * chapter has more than `limit` threads, the ones opened during the session come first, then
 * the most discussed; those shown are listed in reading order (paragraph, then time).
 */
export async function sessionChapterComments(
  groupId: string,
  session: SessionLike,
  limit = THREADS_PER_CHAPTER,
): Promise<TSessionChapterComments[]> {
  const chapterIds = session.chapters.map((chapter) => chapter.id);
  if (chapterIds.length === 0) return [];
  const roots = await db.comment.findMany({
    where: { groupId, chapterId: { in: chapterIds }, isRoot: true },
    select: {
      threadId: true,
      chapterId: true,
      paragraphId: true,
      quote: true,
      body: true,
      hidden: true,
      deleted: true,
      resolved: true,
      createdAt: true,
      author: { select: { name: true } },
    },
  });
  const [replyCounts, paragraphs, members] = await Promise.all([
    db.comment.groupBy({
      by: ["threadId"],
      where: {
        groupId,
        chapterId: { in: chapterIds },
        isRoot: false,
        deleted: false,
        hidden: false,
      },
      _count: { _all: true },
    }),
    db.paragraph.findMany({
      where: { id: { in: [...new Set(roots.map((root) => root.paragraphId))] } },
      select: { id: true, index: true },
    }),
    db.membership.findMany({
      where: { groupId },
      select: { userId: true, user: { select: { name: true } } },
    }),
  ]);
  const replies = new Map(replyCounts.map((row) => [row.threadId, row._count._all]));
  const paragraphIndex = new Map(paragraphs.map((paragraph) => [paragraph.id, paragraph.index]));
  const names = new Map(members.map((member) => [member.userId, member.user.name]));
  const startsAt = new Date(session.startsAt).getTime();
  const endsAt = new Date(session.endsAt).getTime();

  return session.chapters.map((chapter) => {
    const threads = roots
      .filter((root) => root.chapterId === chapter.id)
      // A deleted opening message with no reply left has nothing to show.
      .filter((root) => !root.deleted || (replies.get(root.threadId) ?? 0) > 0)
      .map((root): TSessionCommentThread => ({
        threadId: root.threadId,
        paragraphId: root.paragraphId,
        quote: root.quote,
        authorName: root.deleted ? "" : root.author.name,
        createdAt: root.createdAt.toISOString(),
        html:
          root.hidden || root.deleted
            ? null
            : renderCommentMarkdown(root.body, { mentionName: (id) => names.get(id) }),
        hidden: root.hidden,
        deleted: root.deleted,
        replies: replies.get(root.threadId) ?? 0,
        resolved: root.resolved,
        duringSession: root.createdAt.getTime() >= startsAt && root.createdAt.getTime() <= endsAt,
        url: paragraphPath(groupId, chapter.textId, chapter.id, root.paragraphId),
      }));
    const shown = [...threads]
      .sort(
        (a, b) =>
          Number(b.duringSession) - Number(a.duringSession) ||
          b.replies - a.replies ||
          a.createdAt.localeCompare(b.createdAt),
      )
      .slice(0, limit)
      .sort(
        (a, b) =>
          (paragraphIndex.get(a.paragraphId) ?? Infinity) -
            (paragraphIndex.get(b.paragraphId) ?? Infinity) ||
          a.createdAt.localeCompare(b.createdAt),
      );
    return {
      chapterId: chapter.id,
      chapterTitle: chapter.title,
      textId: chapter.textId,
      total: threads.length,
      threads: shown,
      more: threads.length - shown.length,
      commentsUrl: `${textPath(groupId, chapter.textId)}/comments?chapterId=${encodeURIComponent(chapter.id)}`,
    };
  });
}

export type TSessionArchiveSummary = {
  /** Visible comments (neither deleted nor hidden) on the session's chapters. */
  comments: number;
  hasNotes: boolean;
  hasAgenda: boolean;
};

/**
 * For a list of sessions (the archive page): the comment count on each session's chapters (one
 * grouped query) and whether shared notes were taken or passages spotlighted (one query over
 * the stored session documents, decoded in memory).
 */
export async function sessionArchiveSummaries(
  groupId: string,
  sessionIds: string[],
): Promise<Map<string, TSessionArchiveSummary>> {
  const summaries = new Map<string, TSessionArchiveSummary>(
    sessionIds.map((id) => [id, { comments: 0, hasNotes: false, hasAgenda: false }]),
  );
  if (sessionIds.length === 0) return summaries;
  const docNames = sessionIds.flatMap((id) => [sessionDoc(id), sessionNotesDoc(id)]);
  const [counts, stored] = await Promise.all([
    db.$queryRaw<Array<{ sessionId: string; comments: bigint }>>`
      SELECT sc."sessionId", COUNT(c.id) AS comments
        FROM "SessionChapter" sc
        JOIN "Comment" c ON c."chapterId" = sc."chapterId"
       WHERE sc."sessionId" = ANY(${sessionIds}) AND c."groupId" = ${groupId}
         AND NOT c.deleted AND NOT c.hidden
       GROUP BY sc."sessionId"`,
    loadStoredUpdates(getPool(), docNames),
  ]);
  for (const row of counts) {
    const summary = summaries.get(row.sessionId);
    if (summary) summary.comments = Number(row.comments);
  }
  for (const [name, updates] of stored) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(updates));
    const [kind, id = ""] = name.split(/:(.*)/s);
    const summary = summaries.get(id);
    if (summary && kind === "session") summary.hasAgenda = readLive(doc).agenda.length > 0;
    if (summary && kind === "session-notes")
      summary.hasNotes = doc.getText(SESSION_NOTES_TEXT).toJSON().trim() !== "";
    doc.destroy();
  }
  return summaries;
}
