import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { deleteGroup } from "@/lib/groups/delete-group";
import { getGroup } from "@/lib/groups/get-group";
import { updateGroup } from "@/lib/groups/update-group";
import { readJson } from "@/lib/http/route";

type Params = { groupId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/** GET /api/groups/{groupId} → { group } */
export const GET = withMember<Params>(
  { permission: "group.view", resource: group },
  async (_request, { access }) => NextResponse.json({ group: await getGroup(access) }),
);

/** PATCH /api/groups/{groupId} { name?, description?, coverColor?, coverEmoji?, timeZone? } → { group } (owner) */
export const PATCH = withMember<Params>(
  { permission: "group.update", resource: group },
  async (request, { access }) =>
    NextResponse.json({ group: await updateGroup(access, await readJson(request)) }),
);

/** DELETE /api/groups/{groupId} → 204 (owner) */
export const DELETE = withMember<Params>(
  { permission: "group.delete", resource: group },
  async (_request, { access }) => {
    await deleteGroup(access);
    return new NextResponse(null, { status: 204 });
  },
);
