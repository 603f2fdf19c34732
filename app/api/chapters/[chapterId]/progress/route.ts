import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { getProgress, recordProgress } from "@/lib/reading/record-progress";

type Params = { chapterId: string };
const chapter = (params: Params) => ({ type: "chapter" as const, id: params.chapterId });

/** GET /api/chapters/{chapterId}/progress → { progress: { fraction, paragraphId, completedAt } | null } */
export const GET = withMember<Params>(
  { permission: "progress.record", resource: chapter },
  async (_request, { params, user }) =>
    NextResponse.json({ progress: await getProgress(user.id, params.chapterId) }),
);

/**
 * POST (or PUT) /api/chapters/{chapterId}/progress { fraction?, paragraphId?, completed? } → { progress }.
 * POST is what navigator.sendBeacon sends when the reader leaves the page.
 */
const record = withMember<Params>(
  { permission: "progress.record", resource: chapter },
  async (request, { params, access }) =>
    NextResponse.json({
      progress: await recordProgress(access, params.chapterId, await readJson(request)),
    }),
);
export { record as POST, record as PUT };
