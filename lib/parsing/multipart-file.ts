import { AppError } from "@/lib/errors/app-error";

/** An upload as it arrived: the raw multipart/form-data body, read with a size cap. */
export type TMultipartBody = { contentType: string; body: Uint8Array | string };

export type TUploadedFile = { fileName: string; bytes: Uint8Array; mimeType?: string };

/**
 * The `file` field of a multipart body (a text to import, an annotation file). Runs on a parse
 * worker thread: the platform's multipart parser spends hundreds of milliseconds on a 10 MB
 * body, time the event loop serving everyone else must not lose.
 */
export async function fileFromMultipart(
  upload: TMultipartBody,
  options: { maxFileBytes: number; tooLarge: string; missing: string; fields?: boolean },
): Promise<TUploadedFile> {
  let form: FormData;
  try {
    // Bytes are copied into an ArrayBuffer-backed view, which BodyInit accepts.
    const body = typeof upload.body === "string" ? upload.body : new Uint8Array(upload.body);
    form = await new Response(body, {
      headers: { "content-type": upload.contentType },
    }).formData();
  } catch {
    throw new AppError("bad_request", "The upload is not a valid multipart/form-data body.");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") {
    throw new AppError(
      "bad_request",
      options.missing,
      options.fields ? { file: "Choose a file to import" } : undefined,
    );
  }
  if (file.size > options.maxFileBytes) throw new AppError("payload_too_large", options.tooLarge);
  return {
    fileName: file.name || "upload",
    bytes: new Uint8Array(await file.arrayBuffer()),
    mimeType: file.type || undefined,
  };
}
