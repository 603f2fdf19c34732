import { withMember } from "@/lib/http/with-member";
import { consumeRateLimit } from "@/lib/rate-limit";
import { previewImportJson } from "@/lib/texts/preview-import";
import { progressStream, wantsProgressStream } from "@/lib/texts/progress-stream";
import { readImportRequest } from "@/lib/texts/read-import-request";

type Params = { groupId: string };

/**
 * POST /api/groups/{groupId}/texts/preview — the same body as an import → { outline,
 * sourceFormat, language, wordCount }, where outline is exactly what `npm run outline` prints.
 * Nothing is stored. Streams progress like the import with `Accept: application/x-ndjson`.
 * The JSON is built on the parse worker and passed on here as bytes (see previewImportJson).
 */
export const POST = withMember<Params>(
  { permission: "texts.import", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { user }) => {
    await consumeRateLimit("texts.import", user.id);
    const source = await readImportRequest(request);
    if (wantsProgressStream(request)) {
      return progressStream(
        (onProgress) => previewImportJson(source, onProgress, { userId: user.id }),
        (json) => ({ field: "preview", json }),
      );
    }
    const json = await previewImportJson(source, undefined, { userId: user.id });
    return new Response(json, { status: 200, headers: { "content-type": "application/json" } });
  },
);
