import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { revokeInvite } from "@/lib/invites/revoke-invite";

type Params = { groupId: string; inviteId: string };

/** DELETE /api/groups/{groupId}/invites/{inviteId} → 204 (revokes the link) */
export const DELETE = withMember<Params>(
  { permission: "invites.manage", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (_request, { params, access }) => {
    await revokeInvite(access, params.inviteId);
    return new NextResponse(null, { status: 204 });
  },
);
