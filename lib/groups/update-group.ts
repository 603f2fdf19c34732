import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { groupSummarySelect, ZUpdateGroupInput } from "@/lib/groups/group-schemas";
import { parseInput } from "@/lib/validation/parse-input";

export async function updateGroup(access: GroupAccess, input: unknown) {
  const data = parseInput(ZUpdateGroupInput, input);
  return db.group.update({ where: { id: access.groupId }, data, select: groupSummarySelect });
}
