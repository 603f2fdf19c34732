import { NextResponse } from "next/server";
import { readJson, withUser } from "@/lib/http/route";
import { redeemInvite } from "@/lib/invites/redeem-invite";

/** POST /api/invites/redeem { token, groupId? } → { groupId, role, alreadyMember } */
export const POST = withUser(async (request, { user }) =>
  NextResponse.json(await redeemInvite(user.id, await readJson(request))),
);
