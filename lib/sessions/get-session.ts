import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { sessionSelect, toSessionView } from "@/lib/sessions/session-schemas";

/**
 * One session with what its page shows: RSVPs with names, roles, the readings due by it, and
 * for the archive the number of comments made on its chapters (the caller has authorised
 * `sessions.view` on the session).
 */
export async function getSession(access: GroupAccess, sessionId: string) {
  const [row, assignments] = await Promise.all([
    db.discussionSession.findUniqueOrThrow({ where: { id: sessionId }, select: sessionSelect }),
    db.assignment.findMany({
      where: { sessionId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        forEveryone: true,
        chapter: { select: { id: true, title: true, text: { select: { id: true, title: true } } } },
        members: { select: { user: { select: { id: true, name: true } } } },
      },
    }),
  ]);
  const chapterIds = row.chapters.map(({ chapter }) => chapter.id);
  const commentCounts = await db.comment.groupBy({
    by: ["chapterId"],
    where: { chapterId: { in: chapterIds }, deleted: false, hidden: false },
    _count: { _all: true },
  });
  const session = toSessionView(row, access.userId);
  return {
    session: {
      ...session,
      chapters: session.chapters.map((chapter) => ({
        ...chapter,
        commentCount:
          commentCounts.find((count) => count.chapterId === chapter.id)?._count._all ?? 0,
      })),
    },
    assignments: assignments.map((assignment) => ({
      id: assignment.id,
      chapter: {
        id: assignment.chapter.id,
        title: assignment.chapter.title,
        textId: assignment.chapter.text.id,
        textTitle: assignment.chapter.text.title,
      },
      forEveryone: assignment.forEveryone,
      members: assignment.members.map((member) => member.user),
    })),
  };
}

export type SessionDetail = Awaited<ReturnType<typeof getSession>>;
