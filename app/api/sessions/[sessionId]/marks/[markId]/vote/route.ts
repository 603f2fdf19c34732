import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { voteOnMark } from "@/lib/sessions/live/vote-on-mark";

type Params = { sessionId: string; markId: string };
const options = {
  permission: "sessions.view" as const,
  resource: (params: Params) => ({ type: "session" as const, id: params.sessionId }),
};

/** PUT /api/sessions/{sessionId}/marks/{markId}/vote → { votes, votedByMe: true } */
export const PUT = withMember<Params>(options, async (_request, { params, access }) =>
  NextResponse.json(await voteOnMark(access, params.sessionId, params.markId, true)),
);

/** DELETE /api/sessions/{sessionId}/marks/{markId}/vote → { votes, votedByMe: false } */
export const DELETE = withMember<Params>(options, async (_request, { params, access }) =>
  NextResponse.json(await voteOnMark(access, params.sessionId, params.markId, false)),
);
