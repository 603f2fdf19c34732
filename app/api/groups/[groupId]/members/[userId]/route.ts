import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { changeMemberRole } from "@/lib/groups/change-member-role";
import { removeMember } from "@/lib/groups/remove-member";
import { readJson } from "@/lib/http/route";

type Params = { groupId: string; userId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/** PATCH /api/groups/{groupId}/members/{userId} { role } → { membership } (owner) */
export const PATCH = withMember<Params>(
  { permission: "members.change-role", resource: group },
  async (request, { params, access }) =>
    NextResponse.json({
      membership: await changeMemberRole(access, params.userId, await readJson(request)),
    }),
);

/** DELETE /api/groups/{groupId}/members/{userId} → 204 (owner; moderators remove members only) */
export const DELETE = withMember<Params>(
  { permission: "members.remove", resource: group },
  async (_request, { params, access }) => {
    await removeMember(access, params.userId);
    return new NextResponse(null, { status: 204 });
  },
);
