import type { TImportChapter, TImportResult } from "@/lib/annotations/export/from-hypothesis";
import type { TMultipartBody } from "@/lib/parsing/multipart-file";
import { parseWorkerFile, runParseJob } from "@/lib/parsing/parse-pool";

/** The worker file whose default export runs these jobs, from the project root. */
const ANNOTATION_PARSE_WORKER = "lib/annotations/annotation-parse-worker.ts";

/** What the annotation worker is asked to do (plain data: it crosses the thread boundary). */
export type TAnnotationParseJob = {
  /** The JSON text, or a multipart body whose `file` field holds it. */
  upload: { raw: string } | ({ multipart: true } & TMultipartBody);
  chapters: TImportChapter[];
};

export type TAnnotationParseResult = TImportResult & { sourceLabel: string };

/**
 * A Hypothesis / W3C annotation file (JSON text, or a multipart body with a `file` field),
 * parsed and placed in the text's chapters on a worker thread.
 */
export function parseAnnotationFile(
  upload: TAnnotationParseJob["upload"],
  chapters: TImportChapter[],
  options: { userId?: string | null } = {},
): Promise<TAnnotationParseResult> {
  const job: TAnnotationParseJob = { upload, chapters };
  return runParseJob(parseWorkerFile(ANNOTATION_PARSE_WORKER), job, options);
}
