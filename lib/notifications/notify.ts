import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/prisma";
import { realtimeRegistry } from "@/lib/app/realtime-registry";

export type NotifyInput = {
  kind: string;
  groupId?: string | null;
  /** Shown by notificationText(); `title` is the line, `url` where a click leads. */
  payload: Prisma.InputJsonObject;
  /**
   * Makes the notification "at most once": each recipient's row gets `${dedupeKey}:${userId}`,
   * unique in the table, so a second call with the same key creates nothing for them.
   */
  dedupeKey?: string;
};

/**
 * Stores one notification per recipient, then pushes each new one to the recipient's open
 * sockets (on every process, through the realtime registry). Rows first: a push that fails or
 * finds nobody online loses nothing, the bell reads the table.
 */
export async function notify(
  userIds: readonly string[],
  input: NotifyInput,
): Promise<{ id: string; userId: string; kind: string }[]> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return [];
  const created = await db.notification.createManyAndReturn({
    data: recipients.map((userId) => ({
      userId,
      groupId: input.groupId ?? null,
      kind: input.kind,
      payload: input.payload,
      dedupeKey: input.dedupeKey ? `${input.dedupeKey}:${userId}` : null,
    })),
    skipDuplicates: true,
    select: { id: true, userId: true, kind: true },
  });
  const push = realtimeRegistry().onNotification;
  if (push) {
    await Promise.all(
      created.map((row) =>
        push(row.userId, { id: row.id, kind: row.kind }).catch((error: unknown) =>
          console.error("[notifications] live push failed:", error),
        ),
      ),
    );
  }
  return created;
}
