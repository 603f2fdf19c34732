/**
 * Runs inside a piscina worker thread (loaded through tsx; see parse-pool.ts). Every parser of
 * uploaded content runs here, so a slow or hostile file costs this thread, never the event
 * loop that serves everyone else; the pool kills the thread past its time or memory budget.
 */
import { fromHypothesis } from "@/lib/annotations/export/from-hypothesis";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { annotationFileText } from "@/lib/parsing/multipart-file";
import type { TParseMessage, TParseOutcome, TParseTask } from "@/lib/parsing/parse-tasks";
import { outlineFromSource } from "@/lib/texts/outline-from-source";
import { countWords } from "@/lib/texts/outline-json";
import { importPreviewJson } from "@/lib/texts/preview-body";

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

async function run(task: TParseTask): Promise<unknown> {
  const post = (message: TParseMessage) => task.port.postMessage(message);
  post({ type: "started" });
  if (task.kind === "preview") {
    const parsed = await outlineFromSource(task.source, (progress) =>
      post({ type: "progress", ...progress }),
    );
    return { json: importPreviewJson(parsed) };
  }
  if (task.kind === "outline") {
    const parsed = await outlineFromSource(task.source, (progress) =>
      post({ type: "progress", ...progress }),
    );
    const chapterWordCounts = parsed.outline.chapters.map((chapter) =>
      chapter.blocks.reduce((sum, block) => sum + countWords(block.text), 0),
    );
    return { ...parsed, chapterWordCounts };
  }
  const raw =
    "raw" in task.upload
      ? task.upload.raw
      : await annotationFileText(task.upload, MAX_ANNOTATION_FILE_BYTES);
  if (raw.trim() === "") throw new AppError("bad_request", "Request body is empty");
  let json: unknown;
  try {
    json = JSON.parse(raw) as unknown;
  } catch {
    throw new AppError("bad_request", "The file is not valid JSON");
  }
  return { ...fromHypothesis(json, task.chapters), sourceLabel: sourceLabel(json) };
}

export default async function parseTask(task: TParseTask): Promise<TParseOutcome<unknown>> {
  try {
    return { ok: true, value: await run(task) };
  } catch (error) {
    if (isAppError(error)) {
      return {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      };
    }
    // A parser that overflows its stack on absurd nesting, or any other failure on odd input,
    // is a refused file for the user, not a server error.
    console.error("[parse] worker task failed:", error);
    return {
      ok: false,
      code: "unprocessable",
      message: "This file could not be read; it may be damaged or built to be hard to parse.",
    };
  } finally {
    task.port.close();
  }
}
