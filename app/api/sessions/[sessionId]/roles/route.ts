import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { setSessionRoles } from "@/lib/sessions/set-session-roles";

type Params = { sessionId: string };

/** PUT /api/sessions/{sessionId}/roles { lead?, summariser?, questions? } (user id or null) → { session } */
export const PUT = withMember<Params>(
  {
    permission: "sessions.manage",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (request, { params, access }) =>
    NextResponse.json({
      session: await setSessionRoles(access, params.sessionId, await readJson(request)),
    }),
);
