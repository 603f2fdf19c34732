import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { issueOwnerResetLink } from "@/lib/auth/password-reset";

type Params = { groupId: string; userId: string };

/**
 * POST /api/groups/{groupId}/members/{userId}/password-reset → 201 { url, expiresAt } (owner,
 * for a member of this group): a single-use link, valid one hour, shown only in this answer.
 */
export const POST = withMember<Params>(
  {
    permission: "members.reset-password",
    resource: (params) => ({ type: "group", id: params.groupId }),
  },
  async (_request, { params, access }) =>
    NextResponse.json(await issueOwnerResetLink(access, params.userId), { status: 201 }),
);
