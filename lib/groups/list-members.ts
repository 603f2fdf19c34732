import type { GroupAccess } from "@/lib/access/authorize";
import { can } from "@/lib/access/permissions";
import { db } from "@/lib/db/prisma";

/** Members with roles and join dates; e-mail addresses only for those who manage members. */
export async function listMembers(access: GroupAccess) {
  const showEmail = can(access.role, "members.remove");
  const rows = await db.membership.findMany({
    where: { groupId: access.groupId },
    orderBy: [{ role: "asc" }, { joinedAt: "asc" }],
    select: {
      role: true,
      joinedAt: true,
      user: { select: { id: true, name: true, email: true, image: true } },
    },
  });
  return rows.map(({ role, joinedAt, user }) => ({
    userId: user.id,
    name: user.name,
    image: user.image,
    ...(showEmail ? { email: user.email } : {}),
    role,
    joinedAt,
  }));
}
