import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { lockGroupMemberships } from "@/lib/groups/membership-rules";
import { parseInput } from "@/lib/validation/parse-input";

export const ZTransferOwnershipInput = z.object({
  userId: z.string({ error: "Choose the new owner" }).min(1, "Choose the new owner"),
});

/** The new owner must already be a member; the old owner stays on as a moderator. */
export async function transferOwnership(access: GroupAccess, input: unknown) {
  const { userId } = parseInput(ZTransferOwnershipInput, input);
  if (userId === access.userId)
    throw new AppError("bad_request", "You already own this group", {
      userId: "Choose another member",
    });
  return db.$transaction(async (tx) => {
    await lockGroupMemberships(tx, access.groupId);
    const target = await tx.membership.findUnique({
      where: { groupId_userId: { groupId: access.groupId, userId } },
    });
    if (!target)
      throw new AppError("bad_request", "The new owner must be a member of the group", {
        userId: "Not a member",
      });
    await tx.membership.update({ where: { id: target.id }, data: { role: "OWNER" } });
    await tx.membership.update({
      where: { groupId_userId: { groupId: access.groupId, userId: access.userId } },
      data: { role: "MODERATOR" },
    });
    return { ownerId: userId };
  });
}
