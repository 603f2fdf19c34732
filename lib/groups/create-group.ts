import { db } from "@/lib/db/prisma";
import { groupSummarySelect, ZCreateGroupInput } from "@/lib/groups/group-schemas";
import { parseInput } from "@/lib/validation/parse-input";

/** Any signed-in user may start a group; they become its owner. */
export async function createGroup(userId: string, input: unknown) {
  const data = parseInput(ZCreateGroupInput, input);
  return db.group.create({
    data: { ...data, memberships: { create: { userId, role: "OWNER" } } },
    select: groupSummarySelect,
  });
}
