import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { ZGroupRole } from "@/lib/groups/group-schemas";
import { assertAnotherOwnerRemains, lockGroupMemberships } from "@/lib/groups/membership-rules";
import { parseInput } from "@/lib/validation/parse-input";
import { revokeLiveAccess } from "@/lib/groups/revoke-live-access";

export const ZChangeRoleInput = z.object({ role: ZGroupRole });

/** Owners change roles (the caller authorised `members.change-role`). */
export async function changeMemberRole(access: GroupAccess, targetUserId: string, input: unknown) {
  const { role } = parseInput(ZChangeRoleInput, input);
  const updated = await db.$transaction(async (tx) => {
    await lockGroupMemberships(tx, access.groupId);
    const target = await tx.membership.findUnique({
      where: { groupId_userId: { groupId: access.groupId, userId: targetUserId } },
    });
    if (!target) throw new AppError("not_found", "Member not found");
    if (target.role === "OWNER" && role !== "OWNER")
      await assertAnotherOwnerRemains(tx, access.groupId, targetUserId);
    return tx.membership.update({
      where: { id: target.id },
      data: { role },
      select: { userId: true, role: true },
    });
  });
  await revokeLiveAccess(access.groupId, targetUserId);
  return updated;
}
