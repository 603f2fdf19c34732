import { isAppError } from "@/lib/errors/app-error";
import type { ImportProgress } from "@/lib/texts/import/types";

export const NDJSON = "application/x-ndjson";

/** Events of a streamed import or preview, one JSON object per line (docs/api.md). */
export type TProgressEvent =
  | ({ type: "progress" } & ImportProgress)
  | {
      type: "error";
      status: number;
      error: { code: string; message: string; fields?: Record<string, string> };
    }
  | ({ type: "done" } & Record<string, unknown>);

/**
 * A "done" event whose one field is already serialised JSON (the import preview, built on the
 * parse worker): written out as bytes, never parsed or stringified on the event loop.
 */
export type TSerializedDone = { field: string; json: Uint8Array };

function isSerializedDone(value: unknown): value is TSerializedDone {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { json?: unknown }).json instanceof Uint8Array &&
    typeof (value as { field?: unknown }).field === "string"
  );
}

export function wantsProgressStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes(NDJSON);
}

/**
 * Runs the work while streaming its progress as NDJSON, then one "done" line with the result
 * (or one "error" line: the status is already 200 once the stream has started). Progress lines
 * for the same stage are thinned to one per 1% so a big EPUB does not flood the client.
 */
export function progressStream<T>(
  work: (onProgress: (progress: ImportProgress) => void) => Promise<T>,
  done: (result: T) => Record<string, unknown> | TSerializedDone,
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: TProgressEvent) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      let last = { stage: "", percent: -1 };
      const onProgress = (progress: ImportProgress) => {
        const percent = progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : 0;
        if (progress.stage === last.stage && percent === last.percent) return;
        last = { stage: progress.stage, percent };
        send({ type: "progress", ...progress });
      };
      try {
        const result = await work(onProgress);
        const event = done(result);
        if (isSerializedDone(event)) {
          controller.enqueue(encoder.encode(`{"type":"done",${JSON.stringify(event.field)}:`));
          controller.enqueue(event.json);
          controller.enqueue(encoder.encode("}\n"));
        } else {
          send({ type: "done", ...event });
        }
      } catch (error) {
        if (isAppError(error)) {
          send({
            type: "error",
            status: error.status,
            error: {
              code: error.code,
              message: error.message,
              ...(error.fields ? { fields: error.fields } : {}),
            },
          });
        } else {
          console.error("[texts] import failed:", error);
          send({
            type: "error",
            status: 500,
            error: { code: "internal", message: "Something went wrong." },
          });
        }
      }
      controller.close();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { "content-type": NDJSON, "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
