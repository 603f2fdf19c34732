import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { rotateSessionRoles } from "@/lib/sessions/rotate-session-roles";

type Params = { sessionId: string };

/** POST /api/sessions/{sessionId}/roles/rotate → { sessions }: roles handed round from this session on */
export const POST = withMember<Params>(
  {
    permission: "sessions.manage",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (_request, { params, access }) =>
    NextResponse.json(await rotateSessionRoles(access, params.sessionId)),
);
