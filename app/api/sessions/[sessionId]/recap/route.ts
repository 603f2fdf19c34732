import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { listSessionRecaps } from "@/lib/sessions/live/list-recaps";
import { setChapterRecap } from "@/lib/sessions/live/set-chapter-recap";

type Params = { sessionId: string };
const options = {
  permission: "sessions.view" as const,
  resource: (params: Params) => ({ type: "session" as const, id: params.sessionId }),
};

/** GET /api/sessions/{sessionId}/recap → { recaps } (one per chapter discussed) */
export const GET = withMember<Params>(options, async (_request, { params }) =>
  NextResponse.json({ recaps: await listSessionRecaps(params.sessionId) }),
);

/** PUT /api/sessions/{sessionId}/recap { chapterId, body } → { recap } (null when body is empty) */
export const PUT = withMember<Params>(options, async (request, { params, access }) =>
  NextResponse.json({
    recap: await setChapterRecap(access, params.sessionId, await readJson(request)),
  }),
);
