import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { consumeRateLimit } from "@/lib/rate-limit";
import { importText } from "@/lib/texts/import-text";
import { listTexts } from "@/lib/texts/list-texts";
import { progressStream, wantsProgressStream } from "@/lib/texts/progress-stream";
import { readImportRequest } from "@/lib/texts/read-import-request";

type Params = { groupId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/** GET /api/groups/{groupId}/texts → { texts: [{ id, title, author, … }] } (members) */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: group },
  async (_request, { access }) => NextResponse.json({ texts: await listTexts(access) }),
);

/**
 * POST /api/groups/{groupId}/texts — multipart `file`, or JSON { title?, text } → 201 { text }
 * (moderators, owners). With `Accept: application/x-ndjson`: 200 and progress lines, then
 * { type: "done", text } or { type: "error", status, error }.
 */
export const POST = withMember<Params>(
  { permission: "texts.import", resource: group },
  async (request, { access, user }) => {
    await consumeRateLimit("texts.import", user.id);
    const source = await readImportRequest(request);
    const run = (onProgress?: Parameters<typeof importText>[0]["onProgress"]) =>
      importText({ groupId: access.groupId, importedById: user.id, source, onProgress });
    if (wantsProgressStream(request)) return progressStream(run, (text) => ({ text }));
    return NextResponse.json({ text: await run() }, { status: 201 });
  },
);
