import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";

/** Owners only (checked by the caller); everything in the group goes with it. */
export async function deleteGroup(access: GroupAccess): Promise<void> {
  await db.group.delete({ where: { id: access.groupId } });
}
