import { withMember } from "@/lib/http/with-member";
import { publicBaseUrl } from "@/lib/http/public-base-url";
import { sessionIcs } from "@/lib/sessions/calendar/session-ics";

type Params = { sessionId: string };

/** GET /api/sessions/{sessionId}/ics → text/calendar download of one session ("add to calendar") */
export const GET = withMember<Params>(
  {
    permission: "sessions.view",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (request, { params }) => {
    const { ics, fileName } = await sessionIcs(params.sessionId, publicBaseUrl(request));
    return new Response(ics, {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
