import { Worker, type ResourceLimits } from "node:worker_threads";
import type { TDecodeCheck } from "@/lib/realtime/decode/limits";

export type TUpdateFormat = "v1" | "v2";

export type TDecodePoolOptions = {
  /** Workers kept alive; each decodes one update at a time. */
  size: number;
  /** Updates waiting for a worker; beyond this the pool answers at once with `timeout` (busy). */
  maxQueue: number;
  resourceLimits: ResourceLimits;
  workerUrl: URL;
};

export const DEFAULT_DECODE_POOL_OPTIONS: TDecodePoolOptions = {
  size: 2,
  maxQueue: 256,
  resourceLimits: {
    maxOldGenerationSizeMb: 64,
    maxYoungGenerationSizeMb: 16,
    codeRangeSizeMb: 16,
    stackSizeMb: 4,
  },
  workerUrl: new URL("./update-worker.mjs", import.meta.url),
};

type Task = {
  id: number;
  update: Uint8Array;
  format: TUpdateFormat;
  timeoutMs: number;
  resolve: (check: TDecodeCheck) => void;
};

type Slot = { worker: Worker; task: Task | null; timer: NodeJS.Timeout | null };

type WorkerReply = { id: number; ok: boolean; message?: string };

/**
 * A small fixed pool of decoder threads with memory limits. A worker that runs past its task's
 * time limit is terminated and replaced, so a hostile frame costs one thread for `timeoutMs`,
 * never the event loop. Idle workers are unref'd so they do not keep the process alive.
 */
export class DecodePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: TDecodePoolOptions = DEFAULT_DECODE_POOL_OPTIONS) {}

  /** How many workers have been replaced after a timeout or crash (for metrics and tests). */
  replaced = 0;

  decode(
    update: Uint8Array,
    timeoutMs: number,
    format: TUpdateFormat = "v1",
  ): Promise<TDecodeCheck> {
    if (this.closed)
      return Promise.resolve({ ok: false, code: "timeout", message: "decoder pool is closed" });
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.resolve({ ok: false, code: "timeout", message: "decoder busy" });
    }
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, update, format, timeoutMs, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      task.resolve({ ok: false, code: "timeout", message: "decoder pool is closed" });
    }
    const slots = this.slots.splice(0);
    for (const slot of slots)
      this.finish(slot, { ok: false, code: "timeout", message: "decoder pool is closed" });
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.idleSlot();
      if (!slot) return;
      const task = this.queue.shift();
      if (!task) return;
      this.dispatch(slot, task);
    }
  }

  private idleSlot(): Slot | null {
    const idle = this.slots.find((slot) => slot.task === null);
    if (idle) return idle;
    if (this.slots.length >= this.options.size) return null;
    const slot: Slot = { worker: this.spawn(), task: null, timer: null };
    this.slots.push(slot);
    this.watch(slot);
    return slot;
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.workerUrl, {
      resourceLimits: this.options.resourceLimits,
    });
    worker.unref();
    return worker;
  }

  private watch(slot: Slot): void {
    const worker = slot.worker;
    worker.on("message", (reply: WorkerReply) => {
      if (slot.worker !== worker || slot.task?.id !== reply.id) return;
      this.finish(
        slot,
        reply.ok
          ? { ok: true }
          : { ok: false, code: "malformed", message: reply.message ?? "update does not decode" },
      );
      this.pump();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      const code = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "too_large" : "malformed";
      this.finish(slot, { ok: false, code, message: `decoder crashed: ${error.message}` });
      this.replace(slot);
    });
    worker.on("exit", () => {
      if (slot.worker !== worker || this.closed) return;
      this.finish(slot, { ok: false, code: "malformed", message: "decoder exited" });
      this.replace(slot);
    });
  }

  private dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.finish(slot, {
        ok: false,
        code: "timeout",
        message: `decoding took over ${task.timeoutMs} ms`,
      });
      this.replace(slot);
    }, task.timeoutMs);
    // Copied, not transferred: the caller still holds the update to store and apply.
    slot.worker.postMessage({ id: task.id, update: task.update, format: task.format });
  }

  private finish(slot: Slot, check: TDecodeCheck): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const task = slot.task;
    slot.task = null;
    if (!this.closed) slot.worker.unref();
    task?.resolve(check);
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    const old = slot.worker;
    this.replaced++;
    slot.worker = this.spawn();
    this.watch(slot);
    void old.terminate();
    this.pump();
  }
}
