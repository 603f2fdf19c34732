import { AppError } from "@/lib/errors/app-error";
import { readBytesCapped } from "@/lib/http/route";

const ZIP_TYPES = ["application/zip", "application/x-zip-compressed", "application/octet-stream"];
/** Room for the multipart boundaries and headers around an archive of the largest size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `An archive is at most ${maxBytes / (1024 * 1024)} MB`);
}

/** Reads at most maxBytes, whatever Content-Length claimed. */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  return new Uint8Array(await readBytesCapped(request, maxBytes, tooLarge(maxBytes).message));
}

/** The uploaded archive: the raw body (application/zip) or the `file` field of a form. */
export async function readArchiveUpload(request: Request, maxBytes: number): Promise<Uint8Array> {
  // The multipart boundary is case-sensitive: only the media type is compared in lower case.
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.toLowerCase();
  if (ZIP_TYPES.some((type) => mediaType.startsWith(type))) return readCapped(request, maxBytes);
  if (!mediaType.startsWith("multipart/form-data"))
    throw new AppError(
      "unsupported_media_type",
      'Send the archive as application/zip, or as multipart/form-data (field "file")',
    );
  const body = await readCapped(request, maxBytes + MULTIPART_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(Buffer.from(body), {
      headers: { "content-type": contentType },
    }).formData();
  } catch {
    throw new AppError("bad_request", "The upload is not a valid multipart/form-data body");
  }
  const file = form.get("file");
  if (!file || typeof file === "string")
    throw new AppError("bad_request", 'Choose the archive to import (form field "file")', {
      file: "Choose the archive to import",
    });
  if (file.size > maxBytes) throw tooLarge(maxBytes);
  return new Uint8Array(await file.arrayBuffer());
}
