import type { Prisma } from "@/generated/prisma/client";
import { assertChaptersInGroup, assertMembersOfGroup } from "@/lib/access/owned-ids";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

type Tx = Prisma.TransactionClient;

/** Chapters must belong to one of the group's texts; refuses the whole request otherwise (400). */
export async function assertGroupChapters(
  tx: Tx,
  groupId: string,
  chapterIds: readonly string[],
): Promise<void> {
  await assertChaptersInGroup(groupId, chapterIds, { client: tx, code: "bad_request" });
}

/** Users must be members of the group (hosts, role holders, assignees); 400 otherwise. */
export async function assertGroupMembers(
  tx: Tx,
  groupId: string,
  userIds: readonly string[],
  field: string,
): Promise<void> {
  await assertMembersOfGroup(groupId, userIds, { client: tx, code: "bad_request", field });
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
