import { withMember } from "@/lib/http/with-member";
import { withdrawHeldComment } from "@/lib/sessions/live/withdraw-held-comment";

type Params = { sessionId: string; heldCommentId: string };

/** DELETE /api/sessions/{sessionId}/held-comments/{heldCommentId} → 204 (before it is revealed) */
export const DELETE = withMember<Params>(
  {
    permission: "comments.write",
    resource: (params) => ({ type: "session", id: params.sessionId }),
  },
  async (_request, { params, access }) => {
    await withdrawHeldComment(access, params.sessionId, params.heldCommentId);
    return new Response(null, { status: 204 });
  },
);
