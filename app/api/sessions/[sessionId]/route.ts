import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { getSession } from "@/lib/sessions/get-session";
import { updateSession } from "@/lib/sessions/update-session";

type Params = { sessionId: string };
const session = (params: Params) => ({ type: "session" as const, id: params.sessionId });

/** GET /api/sessions/{sessionId} → { session, assignments } */
export const GET = withMember<Params>(
  { permission: "sessions.view", resource: session },
  async (_request, { params, access }) =>
    NextResponse.json(await getSession(access, params.sessionId)),
);

/** PATCH /api/sessions/{sessionId} { title?, startsAt?, ..., shiftFollowing? } → { session, shifted } */
export const PATCH = withMember<Params>(
  { permission: "sessions.manage", resource: session },
  async (request, { params, access }) =>
    NextResponse.json(await updateSession(access, params.sessionId, await readJson(request))),
);
