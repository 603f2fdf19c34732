import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/route";
import { acceptEmailInvite } from "@/lib/invites/email-invites";

/** POST /api/invites/{inviteId}/accept → { groupId, role, alreadyMember } */
export const POST = withUser<{ inviteId: string }>(async (_request, { params, user }) =>
  NextResponse.json(await acceptEmailInvite(user, params.inviteId)),
);
