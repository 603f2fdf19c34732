import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { groupSummarySelect } from "@/lib/groups/group-schemas";

/** The group as its member sees it (the caller has already authorised `group.view`). */
export async function getGroup(access: GroupAccess) {
  const group = await db.group.findUniqueOrThrow({
    where: { id: access.groupId },
    select: { ...groupSummarySelect, _count: { select: { memberships: true, texts: true } } },
  });
  const { _count, ...rest } = group;
  return { ...rest, role: access.role, memberCount: _count.memberships, textCount: _count.texts };
}
