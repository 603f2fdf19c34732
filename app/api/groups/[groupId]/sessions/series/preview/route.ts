import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { previewSessionSeries } from "@/lib/sessions/plan-session-series";

type Params = { groupId: string };

/** POST /api/groups/{groupId}/sessions/series/preview (same body as series) → { timeZone, sessions } */
export const POST = withMember<Params>(
  { permission: "sessions.manage", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { access }) =>
    NextResponse.json(await previewSessionSeries(access, await readJson(request))),
);
