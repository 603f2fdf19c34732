import type { DbTransaction } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

/** A group always has an owner: refuse any change that would leave it with none. */
export async function assertAnotherOwnerRemains(
  tx: DbTransaction,
  groupId: string,
  leavingUserId: string,
): Promise<void> {
  const otherOwners = await tx.membership.count({
    where: { groupId, role: "OWNER", userId: { not: leavingUserId } },
  });
  if (otherOwners === 0) {
    throw new AppError(
      "conflict",
      "A group must keep an owner: hand ownership to another member first",
    );
  }
}

export async function lockGroupMemberships(tx: DbTransaction, groupId: string): Promise<void> {
  // Serialises role changes within a group, so two owners demoting each other at once cannot
  // both pass the "another owner remains" check.
  await tx.$executeRaw`SELECT 1 FROM "Group" WHERE id = ${groupId} FOR UPDATE`;
}
