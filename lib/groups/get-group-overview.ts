import type { GroupAccess } from "@/lib/access/authorize";
import { plainTextExcerpt } from "@/lib/annotations/markdown/comment-plain-text";
import { shieldedKeys } from "@/lib/reading-reach/spoiler-shield";
import { db } from "@/lib/db/prisma";

const RECENT_COMMENT_CHARS = 200;

/** What the group home shows at a glance (the caller has authorised `group.view`). */
export async function getGroupOverview(access: GroupAccess, now = new Date()) {
  const [nextSession, texts, recentComments, members] = await Promise.all([
    db.discussionSession.findFirst({
      where: { groupId: access.groupId, status: "SCHEDULED", endsAt: { gte: now } },
      orderBy: { startsAt: "asc" },
      select: {
        id: true,
        title: true,
        startsAt: true,
        endsAt: true,
        timeZone: true,
        location: true,
        chapters: {
          orderBy: { position: "asc" },
          select: {
            chapter: {
              select: { id: true, title: true, text: { select: { id: true, title: true } } },
            },
          },
        },
        rsvps: { where: { userId: access.userId }, select: { status: true } },
      },
    }),
    db.text.findMany({
      where: { groupId: access.groupId },
      orderBy: { createdAt: "desc" },
      take: 6,
      select: { id: true, title: true, author: true, _count: { select: { chapters: true } } },
    }),
    db.comment.findMany({
      where: { groupId: access.groupId, deleted: false, hidden: false },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: {
        id: true,
        body: true,
        quote: true,
        createdAt: true,
        chapterId: true,
        paragraphId: true,
        authorId: true,
        author: { select: { name: true } },
        chapter: { select: { title: true } },
      },
    }),
    db.membership.findMany({
      where: { groupId: access.groupId },
      orderBy: { joinedAt: "asc" },
      take: 12,
      select: { role: true, user: { select: { id: true, name: true } } },
    }),
  ]);
  const shielded = await shieldedKeys(
    access.userId,
    recentComments.map((comment) => ({
      key: comment.id,
      chapterId: comment.chapterId,
      paragraphId: comment.paragraphId,
      authorIds: [comment.authorId],
    })),
  );
  return {
    nextSession,
    texts,
    // Summaries are plain text: raw Markdown and mention tokens read badly in one clamped line.
    recentComments: recentComments.map((comment) => ({
      ...comment,
      excerpt: plainTextExcerpt(comment.body, RECENT_COMMENT_CHARS),
      shielded: shielded.has(comment.id),
    })),
    members,
  };
}
