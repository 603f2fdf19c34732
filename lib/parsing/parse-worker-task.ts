import { isAppError } from "@/lib/errors/app-error";
import type {
  TParseMessage,
  TParseOutcome,
  TParseProgress,
  TParseTask,
} from "@/lib/parsing/parse-tasks";

/**
 * The default export of a parse worker file (see runParseJob): runs one job on a piscina
 * thread, tells the pool when it starts (its time budget counts from there), forwards progress,
 * and answers with a plain outcome, since an AppError would not survive the thread boundary.
 */
export function parseWorkerTask<Job>(
  run: (job: Job, report: (progress: TParseProgress) => void) => Promise<unknown>,
): (task: TParseTask<Job>) => Promise<TParseOutcome<unknown>> {
  return async (task) => {
    const post = (message: TParseMessage) => task.port.postMessage(message);
    try {
      post({ type: "started" });
      return {
        ok: true,
        value: await run(task, (progress) => post({ type: "progress", ...progress })),
      };
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
  };
}
