import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import type { Prisma } from "@/generated/prisma/client";
import { rotateRoles } from "@/lib/sessions/schedule/rotate-roles";
import { ROLE_TO_DB } from "@/lib/sessions/session-schemas";

/**
 * Hands the roles round the members (in join order) for this session and the later,
 * not-cancelled sessions of its series; a single session is a series of one. The rotation
 * continues from the number of earlier sessions in the series, so re-running it from a later
 * session does not hand the lead back to the first member.
 */
export async function rotateSessionRoles(
  access: GroupAccess,
  sessionId: string,
): Promise<{ sessions: number }> {
  return db.$transaction((tx) => rotateInTransaction(tx, access.groupId, sessionId));
}

export async function rotateInTransaction(
  tx: Prisma.TransactionClient,
  groupId: string,
  sessionId: string,
): Promise<{ sessions: number }> {
  const session = await tx.discussionSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { id: true, seriesId: true, startsAt: true },
  });
  const series = session.seriesId
    ? await tx.discussionSession.findMany({
        where: { seriesId: session.seriesId, status: "SCHEDULED" },
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        select: { id: true, startsAt: true },
      })
    : [session];
  const earlier = series.filter((entry) => entry.startsAt < session.startsAt).length;
  const sessionIds = series.filter((entry) => entry.startsAt >= session.startsAt).map((s) => s.id);
  const members = await tx.membership.findMany({
    where: { groupId },
    orderBy: [{ joinedAt: "asc" }, { userId: "asc" }],
    select: { userId: true },
  });
  const assignments = rotateRoles({
    sessionIds,
    memberIds: members.map((member) => member.userId),
    offset: earlier,
  });
  await tx.sessionRole.deleteMany({ where: { sessionId: { in: sessionIds } } });
  await tx.sessionRole.createMany({
    data: assignments.map((assignment) => ({
      sessionId: assignment.sessionId,
      role: ROLE_TO_DB[assignment.role],
      userId: assignment.userId,
    })),
  });
  return { sessions: sessionIds.length };
}
