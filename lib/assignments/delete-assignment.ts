import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

/** Removes an assignment of this group (`assignments.manage`); another group's id is a 404. */
export async function deleteAssignment(access: GroupAccess, assignmentId: string): Promise<void> {
  const removed = await db.assignment.deleteMany({
    where: { id: assignmentId, groupId: access.groupId },
  });
  if (removed.count === 0) throw new AppError("not_found", "Assignment not found");
}
