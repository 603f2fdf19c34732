import { withMember } from "@/lib/http/with-member";
import { unmarkThread } from "@/lib/sessions/live/unmark-thread";

type Params = { sessionId: string; markId: string };

/** DELETE /api/sessions/{sessionId}/marks/{markId} → 204 (who marked it, or the host) */
export const DELETE = withMember<Params>(
  {
    permission: "sessions.view",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (_request, { params, access }) => {
    await unmarkThread(access, params.sessionId, params.markId);
    return new Response(null, { status: 204 });
  },
);
