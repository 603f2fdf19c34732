import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { setRsvp } from "@/lib/sessions/set-rsvp";

type Params = { sessionId: string };

/** PUT /api/sessions/{sessionId}/rsvp { status: "going" | "maybe" | "not_going" } → { session } */
export const PUT = withMember<Params>(
  {
    permission: "sessions.rsvp",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (request, { params, access }) =>
    NextResponse.json({
      session: await setRsvp(access, params.sessionId, await readJson(request)),
    }),
);
