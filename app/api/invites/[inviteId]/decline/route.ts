import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/route";
import { declineEmailInvite } from "@/lib/invites/email-invites";

/** POST /api/invites/{inviteId}/decline → 204 */
export const POST = withUser<{ inviteId: string }>(async (_request, { params, user }) => {
  await declineEmailInvite(user, params.inviteId);
  return new NextResponse(null, { status: 204 });
});
