import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { inviteSelect } from "@/lib/invites/create-invite";
import { inviteState } from "@/lib/invites/invite-state";

export async function listInvites(access: GroupAccess) {
  const invites = await db.invite.findMany({
    where: { groupId: access.groupId },
    orderBy: { createdAt: "desc" },
    select: inviteSelect,
  });
  return invites.map((invite) => ({ ...invite, state: inviteState(invite) }));
}
