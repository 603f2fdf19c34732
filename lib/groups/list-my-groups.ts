import { db } from "@/lib/db/prisma";
import { groupSummarySelect } from "@/lib/groups/group-schemas";

export async function listMyGroups(userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: {
      role: true,
      joinedAt: true,
      group: {
        select: { ...groupSummarySelect, _count: { select: { memberships: true, texts: true } } },
      },
    },
  });
  return memberships.map(({ role, joinedAt, group: { _count, ...group } }) => ({
    ...group,
    role,
    joinedAt,
    memberCount: _count.memberships,
    textCount: _count.texts,
  }));
}
