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
};

export function commandLoadLimitsFromEnv(env = getEnv()): TCommandLoadLimits {
  return {
    perDocument: env.REALTIME_DOC_COMMANDS,
    documentQueue: env.REALTIME_DOC_QUEUE,
    processQueue: env.REALTIME_PROCESS_QUEUE,
  };
}

export type TBusy = { ok: false; error: "busy"; message: string };

const busy = (message: string): TBusy => ({ ok: false, error: "busy", message });

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

  constructor(readonly limits: TCommandLoadLimits = commandLoadLimitsFromEnv()) {
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
   * Admits a command on `doc` (the name the client sent), or answers why not. Checked and
   * counted in one synchronous step, so a burst cannot slip past the bound between awaits.
   * A malformed name takes no budget: executeCommand refuses it.
   */
  async run<T>(doc: unknown, work: () => Promise<T>): Promise<T | TBusy> {
    const key = typeof doc === "string" && parseDocName(doc) ? doc : null;
    if (key) {
      if (this.total >= this.limits.processQueue)
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
    try {
      return await work();
    } finally {
      this.total -= 1;
      if (key) {
        const left = (this.running.get(key) ?? 1) - 1;
        if (left > 0) this.running.set(key, left);
        else this.running.delete(key);
      }
    }
  }
}
