import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

export async function revokeInvite(access: GroupAccess, inviteId: string): Promise<void> {
  const result = await db.invite.updateMany({
    where: { id: inviteId, groupId: access.groupId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) {
    const exists = await db.invite.count({ where: { id: inviteId, groupId: access.groupId } });
    if (!exists) throw new AppError("not_found", "Invitation not found");
  }
}
