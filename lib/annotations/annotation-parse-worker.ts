/**
 * Runs inside a piscina worker thread (loaded through tsx; see lib/parsing/parse-pool.ts): an
 * uploaded annotation file is read and placed here, so a slow or hostile file costs this thread,
 * never the event loop that serves everyone else.
 */
import { fromHypothesis } from "@/lib/annotations/export/from-hypothesis";
import type {
  TAnnotationParseJob,
  TAnnotationParseResult,
} from "@/lib/annotations/parse-annotation-file";
import { AppError } from "@/lib/errors/app-error";
import { fileFromMultipart, type TMultipartBody } from "@/lib/parsing/multipart-file";
import { parseWorkerTask } from "@/lib/parsing/parse-worker-task";

/** The annotation import's cap (MAX_IMPORT_BYTES there; not imported: that module needs the database). */
const MAX_ANNOTATION_FILE_BYTES = 4 * 1024 * 1024;

/** "Hypothesis" for a Hypothesis export, "Web Annotation" for W3C JSON-LD. */
function sourceLabel(json: unknown): string {
  const first = (() => {
    if (Array.isArray(json)) return json[0] as unknown;
    if (json && typeof json === "object") {
      const object = json as Record<string, unknown>;
      if (Array.isArray(object.rows) || Array.isArray(object.annotations)) return { user: "" };
      return object;
    }
    return null;
  })();
  const record = (first ?? {}) as Record<string, unknown>;
  return "@context" in record ||
    record.type === "Annotation" ||
    record.type === "AnnotationCollection"
    ? "Web Annotation"
    : "Hypothesis";
}

/** The JSON text of an uploaded annotation file. */
async function annotationFileText(upload: TMultipartBody, maxBytes: number): Promise<string> {
  const file = await fileFromMultipart(upload, {
    maxFileBytes: maxBytes,
    tooLarge: `Upload is larger than ${maxBytes} bytes`,
    missing: "Attach the file as `file`",
  });
  return new TextDecoder().decode(file.bytes);
}

export default parseWorkerTask<TAnnotationParseJob>(
  async (job): Promise<TAnnotationParseResult> => {
    const raw =
      "raw" in job.upload
        ? job.upload.raw
        : await annotationFileText(job.upload, MAX_ANNOTATION_FILE_BYTES);
    if (raw.trim() === "") throw new AppError("bad_request", "Request body is empty");
    let json: unknown;
    try {
      json = JSON.parse(raw) as unknown;
    } catch {
      throw new AppError("bad_request", "The file is not valid JSON");
    }
    return { ...fromHypothesis(json, job.chapters), sourceLabel: sourceLabel(json) };
  },
);
