import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { transferOwnership } from "@/lib/groups/transfer-ownership";
import { readJson } from "@/lib/http/route";

type Params = { groupId: string };

/** POST /api/groups/{groupId}/transfer-ownership { userId } → { ownerId } (owner) */
export const POST = withMember<Params>(
  {
    permission: "ownership.transfer",
    resource: (params) => ({ type: "group", id: params.groupId }),
  },
  async (request, { access }) =>
    NextResponse.json(await transferOwnership(access, await readJson(request))),
);
