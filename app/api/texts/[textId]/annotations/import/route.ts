import { NextResponse } from "next/server";
import { withMember } from "@/lib/access/with-member";
import { importAnnotations, MAX_IMPORT_BYTES } from "@/lib/annotations/import-annotations";
import { AppError } from "@/lib/errors/app-error";
import { readTextCapped } from "@/lib/http/route";

type Params = { textId: string };

/**
 * The raw JSON text of the request: the body itself, or the `file` field of a multipart
 * upload. It is parsed on a worker thread with the rest of the import, not here.
 */
async function importedText(request: Request): Promise<string> {
  const contentType = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_IMPORT_BYTES)
    throw new AppError("payload_too_large", `Upload is larger than ${MAX_IMPORT_BYTES} bytes`);
  if (!contentType.startsWith("multipart/form-data")) {
    if (!contentType.includes("application/json"))
      throw new AppError("unsupported_media_type", "Send the body as application/json");
    return readTextCapped(request, MAX_IMPORT_BYTES);
  }
  // Read with the cap first: formData() alone would buffer whatever a client sends.
  const raw = await readTextCapped(request, MAX_IMPORT_BYTES);
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new AppError("bad_request", "Attach the file as `file`");
  return file.text();
}

/**
 * POST /api/texts/{textId}/annotations/import (JSON body, or multipart `file`; up to 4 MiB)
 * → { imported, importedReplies, alreadyImported, unmatched: [...] } (owners, moderators)
 */
export const POST = withMember<Params>(
  { permission: "texts.edit", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const raw = await importedText(request);
    const result = await importAnnotations({
      userId: access.userId,
      groupId: access.groupId,
      textId: params.textId,
      raw,
    });
    return NextResponse.json(result);
  },
);
