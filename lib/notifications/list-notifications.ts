import { db } from "@/lib/db/prisma";

export type NotificationView = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
  groupId: string | null;
};

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
  return {
    notifications: rows.map((row) => ({
      ...row,
      payload: (row.payload ?? {}) as Record<string, unknown>,
    })),
    unread,
  };
}
