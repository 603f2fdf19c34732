import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/route";
import { listPendingInvites } from "@/lib/invites/email-invites";

/** GET /api/invites/pending → { invites } addressed to the signed-in user's e-mail */
export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ invites: await listPendingInvites(user) }),
);
