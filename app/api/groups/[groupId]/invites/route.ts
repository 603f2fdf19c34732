import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { publicBaseUrl } from "@/lib/http/public-base-url";
import { readJson } from "@/lib/http/route";
import { createInvite } from "@/lib/invites/create-invite";
import { listInvites } from "@/lib/invites/list-invites";

type Params = { groupId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/** GET /api/groups/{groupId}/invites → { invites } (owner, moderator; tokens are never listed) */
export const GET = withMember<Params>(
  { permission: "invites.manage", resource: group },
  async (_request, { access }) => NextResponse.json({ invites: await listInvites(access) }),
);

/**
 * POST /api/groups/{groupId}/invites { role?, expiresInDays?, maxUses?, email? }
 * → 201 { invite, url, emailed } (url: the link with its secret, shown this once; for an e-mail
 * invite it admits that address only, and `emailed` tells whether it was sent there by SMTP)
 */
export const POST = withMember<Params>(
  { permission: "invites.manage", resource: group },
  async (request, { access }) => {
    const { invite, path, emailed } = await createInvite(access, await readJson(request));
    return NextResponse.json(
      { invite, url: `${publicBaseUrl(request)}${path}`, emailed },
      { status: 201 },
    );
  },
);
