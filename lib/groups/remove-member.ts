import type { GroupAccess } from "@/lib/access/authorize";
import { ROLE_RANK } from "@/lib/access/permissions";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { assertAnotherOwnerRemains, lockGroupMemberships } from "@/lib/groups/membership-rules";
import { revokeLiveAccess } from "@/lib/groups/revoke-live-access";

/**
 * Removes a member. Owners remove anyone but the last owner; moderators remove plain members
 * only. Removing yourself is leaving (see leaveGroup).
 */
export async function removeMember(access: GroupAccess, targetUserId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockGroupMemberships(tx, access.groupId);
    const target = await tx.membership.findUnique({
      where: { groupId_userId: { groupId: access.groupId, userId: targetUserId } },
    });
    if (!target) throw new AppError("not_found", "Member not found");
    if (
      targetUserId !== access.userId &&
      access.role !== "OWNER" &&
      ROLE_RANK[target.role] >= ROLE_RANK[access.role]
    ) {
      throw new AppError(
        "forbidden",
        "Moderators can remove members, not other moderators or owners",
      );
    }
    if (target.role === "OWNER") await assertAnotherOwnerRemains(tx, access.groupId, targetUserId);
    await tx.membership.delete({ where: { id: target.id } });
  });
  await revokeLiveAccess(access.groupId, targetUserId);
}

export async function leaveGroup(access: GroupAccess): Promise<void> {
  await removeMember(access, access.userId);
}
