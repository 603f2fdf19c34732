import { parseWorkerFile, runParseJob, transferableBody } from "@/lib/parsing/parse-pool";
import type { OnImportProgress, Outline } from "@/lib/texts/import/types";
import type { TImportSource } from "@/lib/texts/read-import-request";

/** The worker file whose default export runs these jobs, from the project root. */
const TEXT_PARSE_WORKER = "lib/texts/text-parse-worker.ts";

/** What the text worker is asked to do (plain data: it crosses the thread boundary). */
export type TTextParseJob =
  | { kind: "outline"; source: TImportSource }
  /** The import preview, answered as its finished JSON body (see TPreviewParseResult). */
  | { kind: "preview"; source: TImportSource };

export type TOutlineParseResult = {
  outline: Outline;
  sourceFormat: string;
  sourceFileName: string | null;
  /** Words per chapter (countWords), counted on the worker: a 10 MB text takes ~100 ms. */
  chapterWordCounts: number[];
};

/**
 * The preview's response body (TImportPreview as UTF-8 JSON), built on the worker: handing a
 * big outline to the event loop as objects (structured clone, then JSON.stringify) cost the
 * other requests tens to hundreds of milliseconds; one byte array costs a copy.
 */
export type TPreviewParseResult = { json: Uint8Array<ArrayBuffer> };

type TParseSourceOptions = { userId?: string | null; onProgress?: OnImportProgress };

function runTextParseJob<Result>(job: TTextParseJob, options: TParseSourceOptions) {
  return runParseJob<Result>(parseWorkerFile(TEXT_PARSE_WORKER), job, {
    ...options,
    transferList: job.source.kind === "multipart" ? transferableBody(job.source.body) : [],
  });
}

/** The import pipeline (upload or paste → outline) on a worker thread. */
export function parseImportSource(
  source: TImportSource,
  options: TParseSourceOptions = {},
): Promise<TOutlineParseResult> {
  return runTextParseJob({ kind: "outline", source }, options);
}

/** The import preview (upload or paste → the preview's JSON body) on a worker thread. */
export function parsePreviewSource(
  source: TImportSource,
  options: TParseSourceOptions = {},
): Promise<TPreviewParseResult> {
  return runTextParseJob({ kind: "preview", source }, options);
}
