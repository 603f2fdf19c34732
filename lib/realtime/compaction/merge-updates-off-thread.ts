import { Worker } from "node:worker_threads";

/** A document's whole state as one update, and that state's vector. */
export type StoredImage = { update: Uint8Array; stateVector: Uint8Array };

type Reply = { id: number; merged?: Uint8Array; stateVector?: Uint8Array; error?: string };
type Pending = { resolve: (reply: Reply) => void; reject: (error: Error) => void };

const globalForMerge = globalThis as unknown as { marginaliaMergeWorker?: MergeWorker };

class MergeWorker {
  private readonly worker = new Worker(new URL("./merge-worker.mjs", import.meta.url));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.unref();
    this.worker.on("message", (message: Reply) => {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!pending) return;
      if (message.merged) pending.resolve(message);
      else pending.reject(new Error(message.error ?? "merge failed"));
    });
    this.worker.on("error", (error) => {
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      globalForMerge.marginaliaMergeWorker = undefined;
    });
  }

  ask(updates: Uint8Array[], stateVector: boolean): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, updates, stateVector });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

function mergeWorker(): MergeWorker {
  globalForMerge.marginaliaMergeWorker ??= new MergeWorker();
  return globalForMerge.marginaliaMergeWorker;
}

export async function mergeUpdatesOffThread(updates: Uint8Array[]): Promise<Uint8Array> {
  return (await mergeWorker().ask(updates, false)).merged as Uint8Array;
}

/**
 * The stored updates merged, with the state vector, read on the worker: what a join needs of a
 * document, without the main thread decoding it (seconds of blocking for a large one).
 */
export async function storedImageOffThread(updates: Uint8Array[]): Promise<StoredImage> {
  const reply = await mergeWorker().ask(updates, true);
  if (!reply.merged || !reply.stateVector) throw new Error("the worker gave no state vector");
  return { update: reply.merged, stateVector: reply.stateVector };
}

export async function closeMergeWorker(): Promise<void> {
  const worker = globalForMerge.marginaliaMergeWorker;
  globalForMerge.marginaliaMergeWorker = undefined;
  await worker?.terminate();
}
