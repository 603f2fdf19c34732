import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { leaveGroup } from "@/lib/groups/remove-member";

type Params = { groupId: string };

/** POST /api/groups/{groupId}/leave → 204 (any member; the last owner must hand over first: 409) */
export const POST = withMember<Params>(
  { permission: "group.view", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (_request, { access }) => {
    await leaveGroup(access);
    return new NextResponse(null, { status: 204 });
  },
);
