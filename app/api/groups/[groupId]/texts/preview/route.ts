import { NextResponse } from "next/server";
import { withMember } from "@/lib/access/with-member";
import { consumeRateLimit } from "@/lib/rate-limit";
import { previewImport } from "@/lib/texts/preview-import";
import { progressStream, wantsProgressStream } from "@/lib/texts/progress-stream";
import { readImportRequest } from "@/lib/texts/read-import-request";

type Params = { groupId: string };

/**
 * POST /api/groups/{groupId}/texts/preview — the same body as an import → { outline,
 * sourceFormat, language, wordCount }, where outline is exactly what `npm run outline` prints.
 * Nothing is stored. Streams progress like the import with `Accept: application/x-ndjson`.
 */
export const POST = withMember<Params>(
  { permission: "texts.import", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { user }) => {
    await consumeRateLimit("texts.import", user.id);
    const source = await readImportRequest(request);
    if (wantsProgressStream(request)) {
      return progressStream(
        (onProgress) => previewImport(source, onProgress, { userId: user.id }),
        (preview) => ({ preview }),
      );
    }
    return NextResponse.json(await previewImport(source, undefined, { userId: user.id }));
  },
);
