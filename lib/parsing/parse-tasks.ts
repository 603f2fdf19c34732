import type { MessagePort } from "node:worker_threads";
import type { AppErrorCode } from "@/lib/errors/app-error";

/**
 * What crosses the thread boundary between the pool and a parse worker, whatever the worker
 * parses (texts in lib/texts, annotation files in lib/annotations). Everything here travels by
 * structured clone, so it is plain data (no class instances, no functions).
 */

/** How far a task has come, as the import's progress bar shows it. */
export type TParseProgress = { done: number; total: number; stage: string };

/** Messages the worker sends on the task's port while it works. */
export type TParseMessage = { type: "started" } | ({ type: "progress" } & TParseProgress);

/** A job as the worker receives it: the caller's plain data plus the port for its messages. */
export type TParseTask<Job> = Job & { port: MessagePort };

/** AppError does not survive structured clone as a class; the worker sends its fields. */
export type TParseOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; code: AppErrorCode; message: string; fields?: Record<string, string> };
