import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { listMembers } from "@/lib/groups/list-members";

type Params = { groupId: string };

/** GET /api/groups/{groupId}/members → { members: [{ userId, name, role, joinedAt, email? }] } */
export const GET = withMember<Params>(
  { permission: "members.view", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (_request, { access }) => NextResponse.json({ members: await listMembers(access) }),
);
