import { shieldedKeys } from "@/lib/reading-reach/spoiler-shield";
import { db } from "@/lib/db/prisma";

export type NotificationView = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
  groupId: string | null;
  /** A comment beyond where the user has read (spoiler shield): shown without its excerpt. */
  shielded: boolean;
};

function stringField(payload: Record<string, unknown>, field: string): string | undefined {
  const value = payload[field];
  return typeof value === "string" ? value : undefined;
}

export async function listNotifications(
  userId: string,
  options: { limit?: number } = {},
): Promise<{ notifications: NotificationView[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: Math.min(options.limit ?? 50, 200),
      select: { id: true, kind: true, payload: true, readAt: true, createdAt: true, groupId: true },
    }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  const notifications = rows.map((row) => ({
    ...row,
    payload: (row.payload ?? {}) as Record<string, unknown>,
  }));
  // Where each comment sits (the payload names the message, not its paragraph) and who opened
  // its thread: a reply in the user's own thread is about a passage they have written on.
  const messageIds = notifications.flatMap((item) =>
    item.kind.startsWith("comment.") ? (stringField(item.payload, "messageId") ?? []) : [],
  );
  const comments = messageIds.length
    ? await db.comment.findMany({
        where: { id: { in: messageIds } },
        select: { id: true, chapterId: true, paragraphId: true, authorId: true, threadId: true },
      })
    : [];
  const openers = comments.length
    ? await db.comment.findMany({
        where: { threadId: { in: comments.map((comment) => comment.threadId) }, isRoot: true },
        select: { threadId: true, authorId: true },
      })
    : [];
  const opener = new Map(openers.map((row) => [row.threadId, row.authorId]));
  const byMessage = new Map(comments.map((comment) => [comment.id, comment]));
  const shielded = await shieldedKeys(
    userId,
    notifications.flatMap((item) => {
      const comment = byMessage.get(stringField(item.payload, "messageId") ?? "");
      if (!comment) return [];
      return [
        {
          key: item.id,
          chapterId: comment.chapterId,
          paragraphId: comment.paragraphId,
          authorIds: [comment.authorId, opener.get(comment.threadId) ?? ""],
        },
      ];
    }),
  );
  return {
    notifications: notifications.map((item) => ({ ...item, shielded: shielded.has(item.id) })),
    unread,
  };
}
