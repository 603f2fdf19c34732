import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { nextSessionForChapter } from "@/lib/sessions/live/next-session-for-chapter";

type Params = { chapterId: string };

/**
 * GET /api/chapters/{chapterId}/next-session → { session: { id, title, startsAt } | null }: the
 * group's next session reading this chapter, for the reader's margin to follow the group live.
 */
export const GET = withMember<Params>(
  {
    permission: "sessions.view",
    resource: (params) => ({ type: "chapter", id: params.chapterId }),
  },
  async (_request, { params, access }) =>
    NextResponse.json({ session: await nextSessionForChapter(access.groupId, params.chapterId) }),
);
