import { Worker } from "node:worker_threads";

type Pending = { resolve: (merged: Uint8Array) => void; reject: (error: Error) => void };

const globalForMerge = globalThis as unknown as { marginaliaMergeWorker?: MergeWorker };

class MergeWorker {
  private readonly worker = new Worker(new URL("./merge-worker.mjs", import.meta.url));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.unref();
    this.worker.on("message", (message: { id: number; merged?: Uint8Array; error?: string }) => {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!pending) return;
      if (message.merged) pending.resolve(message.merged);
      else pending.reject(new Error(message.error ?? "merge failed"));
    });
    this.worker.on("error", (error) => {
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      globalForMerge.marginaliaMergeWorker = undefined;
    });
  }

  merge(updates: Uint8Array[]): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, updates });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export function mergeUpdatesOffThread(updates: Uint8Array[]): Promise<Uint8Array> {
  globalForMerge.marginaliaMergeWorker ??= new MergeWorker();
  return globalForMerge.marginaliaMergeWorker.merge(updates);
}

export async function closeMergeWorker(): Promise<void> {
  const worker = globalForMerge.marginaliaMergeWorker;
  globalForMerge.marginaliaMergeWorker = undefined;
  await worker?.terminate();
}
