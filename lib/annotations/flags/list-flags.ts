import type { GroupAccess } from "@/lib/access/authorize";
import { renderCommentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import { db } from "@/lib/db/prisma";
import { chapterPath } from "@/lib/texts/reader-urls";

export type TModerationItem = {
  commentId: string;
  threadId: string;
  textId: string;
  textTitle: string;
  chapterId: string;
  chapterTitle: string;
  paragraphId: string;
  quote: string;
  authorId: string;
  authorName: string;
  /** The body as written (for a hidden comment, the copy kept aside for moderators). */
  body: string;
  html: string;
  createdAt: string;
  deleted: boolean;
  hidden: boolean;
  url: string;
  flags: Array<{ id: string; userId: string; userName: string; reason: string; createdAt: string }>;
};

const itemSelect = {
  id: true,
  threadId: true,
  textId: true,
  chapterId: true,
  paragraphId: true,
  quote: true,
  authorId: true,
  body: true,
  createdAt: true,
  deleted: true,
  hidden: true,
  author: { select: { name: true } },
  chapter: { select: { title: true, text: { select: { title: true } } } },
  flags: {
    where: { resolvedAt: null },
    orderBy: { createdAt: "asc" as const },
    select: {
      id: true,
      userId: true,
      reason: true,
      createdAt: true,
      user: { select: { name: true } },
    },
  },
} as const;

/**
 * What the moderators of a group look at: comments with open flags (most flagged first), and the
 * comments currently hidden (to show again). Moderators see a hidden comment's original body.
 */
export async function listModerationQueue(
  access: GroupAccess,
): Promise<{ flagged: TModerationItem[]; hidden: TModerationItem[] }> {
  const [flaggedRows, hiddenRows, kept, members] = await Promise.all([
    db.comment.findMany({
      where: { groupId: access.groupId, flags: { some: { resolvedAt: null } } },
      select: itemSelect,
      take: 200,
    }),
    db.comment.findMany({
      where: { groupId: access.groupId, hidden: true },
      select: itemSelect,
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
    db.hiddenCommentBody.findMany({
      where: { groupId: access.groupId },
      select: { commentId: true, body: true },
    }),
    db.membership.findMany({
      where: { groupId: access.groupId },
      select: { userId: true, user: { select: { name: true } } },
    }),
  ]);
  const names = new Map(members.map((member) => [member.userId, member.user.name]));
  const keptBody = new Map(kept.map((row) => [row.commentId, row.body]));
  const toItem = (row: (typeof flaggedRows)[number]): TModerationItem => {
    const body = row.hidden ? (keptBody.get(row.id) ?? "") : row.body;
    return {
      commentId: row.id,
      threadId: row.threadId,
      textId: row.textId,
      textTitle: row.chapter.text.title,
      chapterId: row.chapterId,
      chapterTitle: row.chapter.title,
      paragraphId: row.paragraphId,
      quote: row.quote,
      authorId: row.authorId,
      authorName: row.author.name,
      body,
      html: renderCommentMarkdown(body, { mentionName: (id) => names.get(id) }),
      createdAt: row.createdAt.toISOString(),
      deleted: row.deleted,
      hidden: row.hidden,
      url: `${chapterPath(access.groupId, row.textId, row.chapterId)}#thread-${row.threadId}`,
      flags: row.flags.map((flag) => ({
        id: flag.id,
        userId: flag.userId,
        userName: flag.user.name,
        reason: flag.reason,
        createdAt: flag.createdAt.toISOString(),
      })),
    };
  };
  return {
    flagged: flaggedRows
      .map(toItem)
      .sort((a, b) => b.flags.length - a.flags.length || a.createdAt.localeCompare(b.createdAt)),
    hidden: hiddenRows.map(toItem),
  };
}
