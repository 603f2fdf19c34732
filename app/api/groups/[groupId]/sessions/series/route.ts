import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { createSessionSeries } from "@/lib/sessions/plan-session-series";

type Params = { groupId: string };

/** POST /api/groups/{groupId}/sessions/series { textId, mode, weekdays, ... } → 201 { seriesId, sessionIds } */
export const POST = withMember<Params>(
  { permission: "sessions.manage", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { access }) =>
    NextResponse.json(await createSessionSeries(access, await readJson(request)), { status: 201 }),
);
