import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { holdComment } from "@/lib/sessions/live/hold-comment";
import { listMyHeldComments } from "@/lib/sessions/live/list-my-held-comments";

type Params = { sessionId: string };
const options = {
  permission: "comments.write" as const,
  resource: (params: Params) => ({ type: "session" as const, id: params.sessionId }),
};

/** GET /api/sessions/{sessionId}/held-comments → { heldComments } (the caller's own only) */
export const GET = withMember<Params>(options, async (_request, { params, access }) =>
  NextResponse.json({ heldComments: await listMyHeldComments(access, params.sessionId) }),
);

/** POST /api/sessions/{sessionId}/held-comments { chapterId, anchor, body } → 201 { heldComment } */
export const POST = withMember<Params>(options, async (request, { params, access }) =>
  NextResponse.json(
    { heldComment: await holdComment(access, params.sessionId, await readJson(request)) },
    { status: 201 },
  ),
);
