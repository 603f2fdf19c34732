import { Worker } from "node:worker_threads";

/** A document's whole state as one update, and that state's vector. */
export type StoredImage = { update: Uint8Array; stateVector: Uint8Array };

type Reply = {
  id: number;
  merged?: Uint8Array;
  stateVector?: Uint8Array;
  error?: string;
  /** A load's reply: the rows' ids, and either their bytes or their merged image. */
  loaded?: true;
  upToId?: string | null;
  logIds?: string[];
  updates?: Uint8Array[];
  /** The load's statements failed (the database), as opposed to the worker; pg's code. */
  queryFailed?: true;
  code?: string;
};

type Statement = { text: string; values: unknown[] };

/** A document's stored rows, read on the worker; merged there when they reach `imageFrom` bytes. */
export type OffThreadLoad = {
  upToId: string | null;
  logIds: string[];
  /** The rows' bytes in order, when below `imageFrom`. */
  updates?: Uint8Array[];
  /** The merged state and its vector, from `imageFrom` bytes on. */
  image?: StoredImage;
};

/** The database refused the worker's read: reading it again on the main thread would not help. */
export class OffThreadQueryError extends Error {
  constructor(
    message: string,
    /** pg's code, so lib/db/connection-errors.ts reads it as it would the error itself. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "OffThreadQueryError";
  }
}
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
      if (message.merged || message.loaded) pending.resolve(message);
      else if (message.queryFailed)
        pending.reject(new OffThreadQueryError(message.error ?? "", message.code));
      else pending.reject(new Error(message.error ?? "merge failed"));
    });
    this.worker.on("error", (error) => {
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      globalForMerge.marginaliaMergeWorker = undefined;
    });
  }

  ask(request: object): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
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
  return (await mergeWorker().ask({ updates, stateVector: false })).merged as Uint8Array;
}

/**
 * The stored updates merged, with the state vector, read on the worker: what a join needs of a
 * document, without the main thread decoding it (seconds of blocking for a large one).
 */
export async function storedImageOffThread(updates: Uint8Array[]): Promise<StoredImage> {
  const reply = await mergeWorker().ask({ updates, stateVector: true });
  if (!reply.merged || !reply.stateVector) throw new Error("the worker gave no state vector");
  return { update: reply.merged, stateVector: reply.stateVector };
}

/**
 * Runs a document's load statements (lib/documents/store.ts's) on the worker, which has its own
 * small pool: the bytes arrive there as pg's hex text and are decoded there, and from
 * `imageFrom` bytes on merged there too. The main thread receives them transferred, not copied.
 */
export async function storedRowsOffThread(request: {
  connectionString: string;
  snapshot: Statement;
  log: Statement;
  imageFrom: number;
}): Promise<OffThreadLoad> {
  const reply = await mergeWorker().ask({ load: request });
  const ids = { upToId: reply.upToId ?? null, logIds: reply.logIds ?? [] };
  if (reply.merged && reply.stateVector)
    return { ...ids, image: { update: reply.merged, stateVector: reply.stateVector } };
  return { ...ids, updates: reply.updates ?? [] };
}

export async function closeMergeWorker(): Promise<void> {
  const worker = globalForMerge.marginaliaMergeWorker;
  globalForMerge.marginaliaMergeWorker = undefined;
  await worker?.terminate();
}
