import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { listModerationQueue } from "@/lib/annotations/flags/list-flags";

type Params = { groupId: string };

/** GET /api/groups/{groupId}/flags → { flagged: [...], hidden: [...] } (owners, moderators) */
export const GET = withMember<Params>(
  {
    permission: "comments.moderate",
    resource: (params) => ({ type: "group", id: params.groupId }),
  },
  async (_request, { access }) => NextResponse.json(await listModerationQueue(access)),
);
