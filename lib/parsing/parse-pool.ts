import path from "node:path";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import type {
  TParseMessage,
  TParseOutcome,
  TParseProgress,
  TParseTask,
} from "@/lib/parsing/parse-tasks";

/**
 * A worker file (given from the project root: `lib/texts/text-parse-worker.ts`), run through
 * tsx's loader. Resolved from the project root (the working directory of `npm start`, `npm run
 * dev` and the tests), not from a module's URL: Next bundles route code into .next, where no
 * path relative to the bundle leads back to lib/. Each domain names its own worker file, so
 * this pool knows nothing of what is parsed.
 */
export function parseWorkerFile(fromProjectRoot: string): string {
  return path.join(process.cwd(), ...fromProjectRoot.split("/"));
}

type TPoolState = { pool: Piscina; perUser: Map<string, number> };

// One pool per process: route handlers (bundled by Next) and server.ts / scripts (run by tsx)
// load separate copies of this module, and must not each start their own threads.
const globalForParse = globalThis as unknown as { marginaliaParsePool?: TPoolState };

function state(): TPoolState {
  if (!globalForParse.marginaliaParsePool) {
    const env = getEnv();
    // No default file: every job names its domain's worker file (the threads are shared).
    const pool = new Piscina({
      execArgv: ["--import", "tsx"],
      minThreads: 0,
      maxThreads: env.PARSE_WORKERS,
      // Threads go when idle, so a process that parses once holds no thread afterwards.
      idleTimeout: 30_000,
      maxQueue: env.PARSE_MAX_QUEUE,
      // Parsing yields the CPU to the event loop that answers everyone else (Linux, via
      // @napi-rs/nice; elsewhere it is a no-op).
      niceIncrement: 10,
      resourceLimits: {
        maxOldGenerationSizeMb: env.PARSE_MEMORY_MB,
        maxYoungGenerationSizeMb: 64,
        stackSizeMb: 4,
      },
    });
    globalForParse.marginaliaParsePool = { pool, perUser: new Map() };
  }
  return globalForParse.marginaliaParsePool;
}

/** Threads running and tasks waiting, for tests and diagnostics. */
export function parsePoolStats(): { threads: number; queued: number; running: number } {
  const current = globalForParse.marginaliaParsePool;
  if (!current) return { threads: 0, queued: 0, running: 0 };
  return {
    threads: current.pool.threads.length,
    queued: current.pool.queueSize,
    running: [...current.perUser.values()].reduce((sum, n) => sum + n, 0),
  };
}

/** Stops the pool's threads (server shutdown, end of a test file). */
export async function closeParsePool(): Promise<void> {
  const current = globalForParse.marginaliaParsePool;
  globalForParse.marginaliaParsePool = undefined;
  await current?.pool.destroy();
}

function busy(): AppError {
  return new AppError(
    "rate_limited",
    "The server is busy reading other uploads; try again in a minute.",
  );
}

function describeFailure(error: unknown, timedOut: boolean, timeoutMs: number): AppError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (timedOut) {
    return new AppError(
      "unprocessable",
      `This file took longer than ${Math.round(timeoutMs / 1000)} s to read and was stopped; it cannot be imported.`,
    );
  }
  if (code === "ERR_WORKER_OUT_OF_MEMORY" || /out of memory|heap/i.test(message)) {
    return new AppError(
      "payload_too_large",
      "This file needs more memory to read than an import may use; it cannot be imported.",
    );
  }
  if (/queue is at limit/i.test(message)) return busy();
  console.error("[parse] worker failed:", error);
  return new AppError(
    "unprocessable",
    "This file could not be read; it may be damaged or built to be hard to parse.",
  );
}

export type TParseJobOptions = {
  /** Whose upload it is: at most PARSE_PER_USER of one user's jobs at a time. */
  userId?: string | null;
  onProgress?: (progress: TParseProgress) => void;
  /** Buffers the worker takes over instead of receiving a copy (see transferableBody). */
  transferList?: ArrayBuffer[];
};

/**
 * Runs one job in the pool, on the worker file's default export (a parseWorkerTask): at most
 * PARSE_PER_USER at a time per user, at most PARSE_MAX_QUEUE waiting in all, each stopped
 * PARSE_TIMEOUT_MS after it starts running (the thread is terminated; queue time does not
 * count) or when it passes PARSE_MEMORY_MB. Every refusal is an AppError with a message for the
 * user.
 */
export async function runParseJob<Result>(
  workerFile: string,
  job: object,
  options: TParseJobOptions = {},
): Promise<Result> {
  const env = getEnv();
  const { pool, perUser } = state();
  const owner = options.userId ?? null;
  if (owner && (perUser.get(owner) ?? 0) >= env.PARSE_PER_USER) {
    throw new AppError(
      "rate_limited",
      `You already have ${env.PARSE_PER_USER} uploads being read; wait for them to finish.`,
    );
  }
  if (pool.queueSize >= env.PARSE_MAX_QUEUE) throw busy();
  if (owner) perUser.set(owner, (perUser.get(owner) ?? 0) + 1);

  const abort = new AbortController();
  const { port1, port2 } = new MessageChannel();
  // The worker closes its end after its last progress message; the result travels on another
  // channel and can overtake those messages, so the job ends when both have arrived.
  const progressDone = new Promise<void>((resolve) => port1.once("close", () => resolve()));
  let timedOut = false;
  let runTimer: NodeJS.Timeout | undefined;
  // A task still waiting after this long is dropped too, so a stuck queue cannot hold
  // requests open forever.
  const waitTimer = setTimeout(() => abort.abort(), Math.max(env.PARSE_TIMEOUT_MS * 4, 60_000));
  port1.on("message", (message: TParseMessage) => {
    if (message.type === "started") {
      clearTimeout(waitTimer);
      runTimer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, env.PARSE_TIMEOUT_MS);
      return;
    }
    options.onProgress?.({ done: message.done, total: message.total, stage: message.stage });
  });
  try {
    const task: TParseTask<object> = { ...job, port: port2 };
    let outcome: TParseOutcome<Result>;
    try {
      outcome = (await pool.run(task, {
        filename: workerFile,
        transferList: [port2, ...(options.transferList ?? [])],
        signal: abort.signal,
      })) as TParseOutcome<Result>;
    } catch (error) {
      if (abort.signal.aborted && !timedOut) throw busy();
      throw describeFailure(error, timedOut, env.PARSE_TIMEOUT_MS);
    }
    await Promise.race([progressDone, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    if (!outcome.ok) throw new AppError(outcome.code, outcome.message, outcome.fields);
    return outcome.value;
  } finally {
    clearTimeout(waitTimer);
    clearTimeout(runTimer);
    port1.close();
    if (owner) {
      const left = (perUser.get(owner) ?? 1) - 1;
      if (left > 0) perUser.set(owner, left);
      else perUser.delete(owner);
    }
  }
}

/**
 * An upload body the worker may take over instead of receiving a copy: a view that owns its
 * whole ArrayBuffer (readImportRequest reads bodies that way). The caller does not read it
 * afterwards; a view that shares its buffer is copied as usual.
 */
export function transferableBody(body: Uint8Array | string): ArrayBuffer[] {
  if (!(body instanceof Uint8Array)) return [];
  const buffer = body.buffer;
  if (!(buffer instanceof ArrayBuffer)) return [];
  return body.byteOffset === 0 && body.byteLength === buffer.byteLength ? [buffer] : [];
}
