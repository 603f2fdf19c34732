import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import {
  assignmentSelect,
  dueOf,
  toAssignmentView,
  type AssignmentView,
} from "@/lib/assignments/assignment-schemas";

/** A group's assignments, soonest due first (members see them all: `assignments.view`). */
export async function listAssignments(access: GroupAccess): Promise<AssignmentView[]> {
  const rows = await db.assignment.findMany({
    where: { groupId: access.groupId },
    take: 2000,
    select: assignmentSelect,
  });
  return rows
    .sort(
      (a, b) =>
        (dueOf(a)?.getTime() ?? Infinity) - (dueOf(b)?.getTime() ?? Infinity) ||
        a.chapter.index - b.chapter.index,
    )
    .map(toAssignmentView);
}
