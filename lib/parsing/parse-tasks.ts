import type { MessagePort } from "node:worker_threads";
import type { TImportChapter, TImportResult } from "@/lib/annotations/export/from-hypothesis";
import type { AppErrorCode } from "@/lib/errors/app-error";
import type { TMultipartBody } from "@/lib/parsing/multipart-file";
import type { ImportProgress, Outline } from "@/lib/texts/import/types";
import type { TImportSource } from "@/lib/texts/read-import-request";

/**
 * What the parse worker is asked to do. Everything here crosses a thread boundary by
 * structured clone, so it is plain data (no class instances, no functions).
 */
export type TParseJob =
  | { kind: "outline"; source: TImportSource }
  /** The import preview, answered as its finished JSON body (see TParseJobResult.preview). */
  | { kind: "preview"; source: TImportSource }
  | {
      kind: "annotations";
      /** The JSON text, or a multipart body whose `file` field holds it. */
      upload: { raw: string } | ({ multipart: true } & TMultipartBody);
      chapters: TImportChapter[];
    };

export type TParseJobResult = {
  outline: {
    outline: Outline;
    sourceFormat: string;
    sourceFileName: string | null;
    /** Words per chapter (countWords), counted on the worker: a 10 MB text takes ~100 ms. */
    chapterWordCounts: number[];
  };
  annotations: TImportResult & { sourceLabel: string };
  /**
   * The preview's response body (TImportPreview as UTF-8 JSON), built on the worker: handing a
   * big outline to the event loop as objects (structured clone, then JSON.stringify) cost the
   * other requests tens to hundreds of milliseconds; one byte array costs a copy.
   */
  preview: { json: Uint8Array<ArrayBuffer> };
};

/** Messages the worker sends on the task's port while it works. */
export type TParseMessage = { type: "started" } | ({ type: "progress" } & ImportProgress);

export type TParseTask = TParseJob & { port: MessagePort };

/** AppError does not survive structured clone as a class; the worker sends its fields. */
export type TParseOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; code: AppErrorCode; message: string; fields?: Record<string, string> };
