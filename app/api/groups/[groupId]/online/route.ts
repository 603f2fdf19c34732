import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { listOnlineMembers } from "@/lib/groups/list-online-members";

type Params = { groupId: string };

/**
 * GET /api/groups/{groupId}/online → { online: [{ userId, name, chapter: { id, title, textId } | null }],
 * partial } (partial: another process did not answer in time; see docs/api.md)
 */
export const GET = withMember<Params>(
  { permission: "members.view", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (_request, { access }) => NextResponse.json(await listOnlineMembers(access)),
);
