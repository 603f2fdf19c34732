import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { listSessionMarks } from "@/lib/sessions/live/list-session-marks";
import { markThread } from "@/lib/sessions/live/mark-thread";

type Params = { sessionId: string };
const options = {
  permission: "sessions.view" as const,
  resource: (params: Params) => ({ type: "session" as const, id: params.sessionId }),
};

/** GET /api/sessions/{sessionId}/marks → { marks } in passage order */
export const GET = withMember<Params>(options, async (_request, { params, access }) =>
  NextResponse.json({ marks: await listSessionMarks(access, params.sessionId) }),
);

/** POST /api/sessions/{sessionId}/marks { threadId } → 201 (new) or 200 { markId, created } */
export const POST = withMember<Params>(options, async (request, { params, access }) => {
  const result = await markThread(access, params.sessionId, await readJson(request));
  return NextResponse.json(result, { status: result.created ? 201 : 200 });
});
