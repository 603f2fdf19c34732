import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { parseDocName } from "@/lib/documents/names";

export type TCommandLoadLimits = {
  /** Commands per document per 10 s, from all its members. */
  perDocument: number;
  /** Commands admitted and unfinished on one document. */
  documentQueue: number;
  /** Commands admitted and unfinished on this process. */
  processQueue: number;
  /**
   * How long a command admitted now may expect to wait, at the rate this process has been
   * finishing commands: past it, `busy`. Below a client's ack timeout (15 s), so an admitted
   * command is answered in time instead of stored after its sender gave up.
   */
  queueWaitMs: number;
};

export function commandLoadLimitsFromEnv(env = getEnv()): TCommandLoadLimits {
  return {
    perDocument: env.REALTIME_DOC_COMMANDS,
    documentQueue: env.REALTIME_DOC_QUEUE,
    processQueue: env.REALTIME_PROCESS_QUEUE,
    queueWaitMs: env.REALTIME_QUEUE_WAIT_MS,
  };
}

export type TBusy = { ok: false; error: "busy"; message: string };

const busy = (message: string): TBusy => ({ ok: false, error: "busy", message });

/** Fewer commands than this in flight are always admitted (up to the queues' bounds). */
const WAIT_CHECK_FROM = 16;
/** The rate a process finishes commands at is counted over this window, in buckets. */
const RATE_WINDOW_MS = 5_000;
const RATE_BUCKET_MS = 250;

/** Commands finished in the last RATE_WINDOW_MS, counted in buckets of RATE_BUCKET_MS. */
class FinishRate {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly now: () => number) {}

  finished(): void {
    const bucket = Math.floor(this.now() / RATE_BUCKET_MS);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
  }

  /** Commands per millisecond over the window (0 when none finished in it). */
  perMs(): number {
    const oldest = Math.floor((this.now() - RATE_WINDOW_MS) / RATE_BUCKET_MS);
    let count = 0;
    for (const [bucket, finished] of this.buckets) {
      if (bucket <= oldest) this.buckets.delete(bucket);
      else count += finished;
    }
    return count / RATE_WINDOW_MS;
  }
}

/**
 * What one document and one process take in commands (issue 16): a document's write rate is
 * bounded by its own budget, not by each socket's, so many members may write to it at once;
 * when its commands (or the process's) already wait deep, a new one is refused at once with
 * `busy` rather than queued without bound. A refusal here is no fault of the sender's socket:
 * it counts no strike (the client retries with backoff).
 */
export class CommandLoad {
  private readonly running = new Map<string, number>();
  private total = 0;
  private readonly rate: RateLimiterMemory;
  private readonly finishRate: FinishRate;
  /** When each admitted, unfinished command was admitted (insertion order: oldest first). */
  private readonly admittedAt = new Map<symbol, number>();

  constructor(
    readonly limits: TCommandLoadLimits = commandLoadLimitsFromEnv(),
    private readonly now: () => number = Date.now,
  ) {
    this.finishRate = new FinishRate(now);
    this.rate = new RateLimiterMemory({
      keyPrefix: "document-command",
      points: limits.perDocument,
      duration: 10,
    });
  }

  get inFlight(): number {
    return this.total;
  }

  /**
   * Whether a command admitted now would wait past `queueWaitMs`: the commands ahead of it at
   * the rate this process finished commands over the last seconds, or, when none finished in
   * that time, the age of the oldest one still waiting. A fixed queue bound cannot say this: on
   * a process that finishes 30 commands a second, 1,000 queued commands are 33 s of waiting.
   */
  private waitTooLong(): boolean {
    if (this.total < WAIT_CHECK_FROM) return false;
    const rate = this.finishRate.perMs();
    if (rate > 0) return this.total / rate > this.limits.queueWaitMs;
    const oldest = this.admittedAt.values().next();
    return !oldest.done && this.now() - oldest.value > this.limits.queueWaitMs;
  }

  /**
   * Admits a command on `doc` (the name the client sent), or answers why not. Checked and
   * counted in one synchronous step, so a burst cannot slip past the bound between awaits.
   * A malformed name takes no budget: executeCommand refuses it.
   */
  async run<T>(doc: unknown, work: () => Promise<T>): Promise<T | TBusy> {
    const key = typeof doc === "string" && parseDocName(doc) ? doc : null;
    if (key) {
      if (this.total >= this.limits.processQueue || this.waitTooLong())
        return busy("The server is busy; try again in a moment.");
      if ((this.running.get(key) ?? 0) >= this.limits.documentQueue)
        return busy("This document is busy; try again in a moment.");
      try {
        await this.rate.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return busy(
          `This document takes no more changes for ${Math.ceil(error.msBeforeNext / 1000)} s.`,
        );
      }
    }
    // Counted again after the await: others may have been admitted meanwhile.
    if (key && (this.running.get(key) ?? 0) >= this.limits.documentQueue)
      return busy("This document is busy; try again in a moment.");
    if (key) this.running.set(key, (this.running.get(key) ?? 0) + 1);
    this.total += 1;
    const admission = Symbol("command");
    this.admittedAt.set(admission, this.now());
    try {
      return await work();
    } finally {
      this.total -= 1;
      this.admittedAt.delete(admission);
      this.finishRate.finished();
      if (key) {
        const left = (this.running.get(key) ?? 1) - 1;
        if (left > 0) this.running.set(key, left);
        else this.running.delete(key);
      }
    }
  }
}
