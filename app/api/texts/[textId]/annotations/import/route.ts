import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { importAnnotations, MAX_IMPORT_BYTES } from "@/lib/annotations/import-annotations";
import { AppError } from "@/lib/errors/app-error";
import { readTextCapped } from "@/lib/http/route";

type Params = { textId: string };

/**
 * The body as read (with the size cap): JSON text, or a multipart body whose `file` field the
 * parse worker takes apart. Nothing is parsed on this thread.
 */
async function importedUpload(
  request: Request,
): Promise<Parameters<typeof importAnnotations>[0]["upload"]> {
  const contentType = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_IMPORT_BYTES)
    throw new AppError("payload_too_large", `Upload is larger than ${MAX_IMPORT_BYTES} bytes`);
  if (contentType.startsWith("multipart/form-data")) {
    // Read with the cap first: formData() alone would buffer whatever a client sends.
    const body = await readTextCapped(request, MAX_IMPORT_BYTES);
    return { multipart: true, contentType, body };
  }
  if (!contentType.includes("application/json"))
    throw new AppError("unsupported_media_type", "Send the body as application/json");
  return { raw: await readTextCapped(request, MAX_IMPORT_BYTES) };
}

/**
 * POST /api/texts/{textId}/annotations/import (JSON body, or multipart `file`; up to 4 MiB)
 * → { imported, importedReplies, alreadyImported, unmatched: [...] } (owners, moderators)
 */
export const POST = withMember<Params>(
  { permission: "texts.edit", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const upload = await importedUpload(request);
    const result = await importAnnotations({
      userId: access.userId,
      groupId: access.groupId,
      textId: params.textId,
      upload,
    });
    return NextResponse.json(result);
  },
);
