import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

type Tx = Prisma.TransactionClient;

/** Chapters must belong to one of the group's texts; refuses the whole request otherwise. */
export async function assertGroupChapters(
  tx: Tx,
  groupId: string,
  chapterIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(chapterIds)];
  if (unique.length === 0) return;
  const found = await tx.chapter.count({ where: { id: { in: unique }, text: { groupId } } });
  if (found !== unique.length)
    throw new AppError("bad_request", "Some chapters are not in this group's library", {
      chapterIds: "Pick chapters of this group's texts",
    });
}

/** Users must be members of the group (hosts, role holders, assignees). */
export async function assertGroupMembers(
  tx: Tx,
  groupId: string,
  userIds: readonly string[],
  field: string,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const found = await tx.membership.count({ where: { groupId, userId: { in: unique } } });
  if (found !== unique.length)
    throw new AppError("bad_request", "Only members of the group can be chosen", {
      [field]: "Pick members of this group",
    });
}

export function assertTimes(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime())
    throw new AppError("bad_request", "A session must end after it starts", {
      endsAt: "Must be after the start",
    });
}

/** Everyone in the group except the one who acted (they know). */
export async function otherMemberIds(groupId: string, actorId: string): Promise<string[]> {
  const members = await db.membership.findMany({
    where: { groupId, userId: { not: actorId } },
    select: { userId: true },
  });
  return members.map((member) => member.userId);
}

export function sessionPath(groupId: string, sessionId: string): string {
  return `/groups/${groupId}/sessions/${sessionId}`;
}
