import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { cancelSession } from "@/lib/sessions/cancel-session";

type Params = { sessionId: string };

/** POST /api/sessions/{sessionId}/cancel → { session } (members are notified; stays in feeds as CANCELLED) */
export const POST = withMember<Params>(
  {
    permission: "sessions.manage",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (_request, { params, access }) =>
    NextResponse.json({ session: await cancelSession(access, params.sessionId) }),
);
