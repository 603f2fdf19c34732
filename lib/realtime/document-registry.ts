import type pg from "pg";
import * as Y from "yjs";
import { getEnv } from "@/lib/env";
import { compactDocument } from "@/lib/realtime/compaction/compact-document";
import {
  appendUpdate,
  inDocumentTransaction,
  loadStoredState,
  loadUpdatesSince,
  maxSeenIdOf,
  storedStateStatements,
} from "@/lib/documents/store";
import { LiveDocument, STORED_ORIGIN } from "@/lib/realtime/live-document";
import {
  OffThreadQueryError,
  storedImageOffThread,
  storedRowsOffThread,
} from "@/lib/realtime/compaction/merge-updates-off-thread";
import { processIdentity } from "@/lib/documents/process-identity";

/** An update with no structs and no deletions (what Yjs encodes when there is nothing new). */
function hasContent(update: Uint8Array): boolean {
  return !(update.length === 2 && update[0] === 0 && update[1] === 0);
}

export type WriteOutcome<T> = {
  result: T;
  update: Uint8Array | null;
  id: bigint | null;
  /** Set when `admit` refused the write: nothing was applied, stored or announced. */
  refused?: { code: string; message: string };
};

/**
 * Stored state from this size on is merged and read on a worker and held as bytes until needed
 * (LiveDocument.fromImage); smaller documents decode in less time than the worker round trip.
 */
export const HELD_AS_BYTES_FROM = 256 * 1024;

/** A loaded document, decoded only when it is small (see HELD_AS_BYTES_FROM). */
async function liveDocumentFor(
  storageName: string,
  state: { updates: Uint8Array[]; maxSeenId: bigint; logRows: number },
): Promise<LiveDocument> {
  const bytes = state.updates.reduce((sum, update) => sum + update.length, 0);
  if (bytes >= HELD_AS_BYTES_FROM) {
    try {
      const image = await storedImageOffThread(state.updates);
      return LiveDocument.fromImage(storageName, image, state.maxSeenId, state.logRows);
    } catch (error) {
      console.error(`[realtime] ${storageName}: reading on the worker failed:`, error);
    }
  }
  return new LiveDocument(storageName, state.updates, state.maxSeenId, state.logRows);
}

/**
 * A stored document, its rows read on the merge worker when the pool names its database: pg
 * hands bytea over as hex text, and decoding a large document's on the main thread stalled every
 * other document's traffic (the bench's join storm). Without a connection string (a pool built
 * from parts), or when the worker itself fails, it is read here as before.
 */
async function loadLiveDocument(pool: pg.Pool, storageName: string): Promise<LiveDocument> {
  const connectionString = pool.options.connectionString;
  if (connectionString) {
    try {
      const loaded = await storedRowsOffThread({
        connectionString,
        ...storedStateStatements(storageName),
        imageFrom: HELD_AS_BYTES_FROM,
      });
      const maxSeenId = maxSeenIdOf(loaded.upToId, loaded.logIds);
      const logRows = loaded.logIds.length;
      if (loaded.image)
        return LiveDocument.fromImage(storageName, loaded.image, maxSeenId, logRows);
      return new LiveDocument(storageName, loaded.updates ?? [], maxSeenId, logRows);
    } catch (error) {
      if (error instanceof OffThreadQueryError) throw error;
      console.error(`[realtime] ${storageName}: loading on the worker failed:`, error);
    }
  }
  return liveDocumentFor(storageName, await loadStoredState(pool, storageName));
}

/** The process holds as many documents as it may and none of them is idle. */
export class DocumentRegistryFullError extends Error {
  constructor() {
    super("this server holds too many open documents");
    this.name = "DocumentRegistryFullError";
  }
}

/**
 * The documents this process holds in memory: loaded from snapshot + log when first joined,
 * shared by every socket on the process, released a while after the last one leaves.
 */
export class DocumentRegistry {
  private readonly documents = new Map<string, LiveDocument>();
  private readonly loading = new Map<string, Promise<LiveDocument>>();
  private readonly stale = new Set<string>();
  /** Per document, the catch-up queued behind its writes and not started yet. */
  private readonly queuedCatchUps = new Map<string, Promise<void>>();
  /** After a write of this process is committed: tell the other processes (the channel). */
  onStored: ((storageName: string, id: bigint) => void) | undefined;
  /**
   * Updates stored elsewhere were just applied to a held document: this process's clients get
   * them from here (the adapter carries no document bytes), so what a process applies, its
   * clients receive, in order, whatever the channel missed.
   */
  onCaughtUp: ((storageName: string, update: Uint8Array) => void) | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options = {
      idleMs: getEnv().REALTIME_DOC_IDLE_MS,
      compactAfter: getEnv().REALTIME_COMPACT_AFTER,
      maxDocuments: getEnv().REALTIME_MAX_DOCUMENTS,
    },
  ) {}

  held(storageName: string): LiveDocument | undefined {
    return this.documents.get(storageName);
  }

  /** The storage names of the documents held in memory now. */
  heldNames(): string[] {
    return [...this.documents.keys()];
  }

  get size(): number {
    return this.documents.size;
  }

  /** Held documents decoded into a Y.Doc; the others are held as bytes (LiveDocument). */
  get decodedCount(): number {
    let decoded = 0;
    for (const live of this.documents.values()) if (live.decoded) decoded += 1;
    return decoded;
  }

  async open(storageName: string): Promise<LiveDocument> {
    const existing = this.documents.get(storageName);
    if (existing) {
      // A joiner is sent the full state: never one that may hold an unstored change.
      if (this.stale.has(storageName)) await this.catchUp(storageName);
      return existing;
    }
    let pending = this.loading.get(storageName);
    if (!pending) {
      // Bounded memory: a flood of joins or commands cannot make the process hold every
      // document; idle ones (no socket) go first, and with none idle the open is refused.
      if (this.documents.size + this.loading.size >= this.options.maxDocuments) {
        this.evictIdle();
        if (this.documents.size + this.loading.size >= this.options.maxDocuments)
          throw new DocumentRegistryFullError();
      }
      pending = loadLiveDocument(this.pool, storageName)
        .then((live) => {
          this.stale.delete(storageName);
          this.documents.set(storageName, live);
          return live;
        })
        .finally(() => this.loading.delete(storageName));
      this.loading.set(storageName, pending);
    }
    return pending;
  }

  /** Lets go at once of every document no socket holds (instead of after the idle delay). */
  private evictIdle(): void {
    for (const live of [...this.documents.values()]) {
      if (live.sockets.size > 0) continue;
      clearTimeout(live.unloadTimer);
      live.unloadTimer = undefined;
      this.documents.delete(live.storageName);
      // Writes in flight on it finish first; a later open loads the stored state afresh.
      void live.exclusive(() => {
        live.destroy();
        return Promise.resolve();
      });
    }
  }

  /** A document opened but never acquired: start its idle timer so it is let go. */
  releaseIfUnheld(live: LiveDocument): void {
    if (live.sockets.size > 0) return;
    const holder = "unheld";
    this.acquire(live, holder);
    this.release(live, holder);
  }

  acquire(live: LiveDocument, socketId: string): void {
    clearTimeout(live.unloadTimer);
    live.unloadTimer = undefined;
    live.sockets.add(socketId);
  }

  release(live: LiveDocument, socketId: string): void {
    live.sockets.delete(socketId);
    if (live.sockets.size > 0 || live.unloadTimer) return;
    live.unloadTimer = setTimeout(() => {
      if (live.sockets.size > 0) return;
      // Wait for writes in flight before letting go.
      void live.exclusive(() => {
        if (live.sockets.size === 0 && this.documents.get(live.storageName) === live) {
          this.documents.delete(live.storageName);
          live.destroy();
        }
        return Promise.resolve();
      });
    }, this.options.idleMs);
    live.unloadTimer.unref();
  }

  /**
   * The one way anything is written to a document. Under the document's lock (in-process and
   * in PostgreSQL): catch up with what other processes stored, apply `mutate`, store the
   * resulting update with `persist` in the same transaction, and only then resolve. If storing
   * fails, the in-memory copy is replaced by the stored one, so nothing unstored is ever served.
   */
  write<T>(
    live: LiveDocument,
    mutate: (doc: Y.Doc) => T,
    options: {
      /** Store these bytes instead of what the transaction produced (a client's own update). */
      storeExactly?: Uint8Array;
      persist?: (client: pg.PoolClient, result: T, update: Uint8Array) => Promise<void>;
      /**
       * Checked after catching up and before `mutate`: a refusal returned here leaves the
       * document, the log and every peer untouched.
       */
      admit?: (live: LiveDocument) => { code: string; message: string } | null;
      /**
       * Reads and checks in the same transaction, under the lock, before anything is applied:
       * what throws here is a refusal that leaves the held copy as it is.
       */
      prepare?: (client: pg.PoolClient) => Promise<void>;
    } = {},
  ): Promise<WriteOutcome<T>> {
    return live.exclusive(async () => {
      let touched = false;
      try {
        const work = async (client: pg.PoolClient): Promise<WriteOutcome<T>> => {
          // The catch-up read is asked with `prepare`'s reads (under the lock all the same), so
          // they share a round trip with BEGIN and the lock; nothing else moves maxSeenId now.
          const fetched = loadUpdatesSince(client, live.storageName, live.maxSeenId);
          const sinceFetched = fetched.then(
            (since) => ({ since }),
            (error: unknown) => ({ error }),
          );
          if (options.prepare) {
            try {
              await options.prepare(client);
            } finally {
              await sinceFetched;
            }
          }
          touched = true;
          let since: Awaited<typeof fetched>;
          if (this.stale.has(live.storageName)) {
            await this.reload(client, live);
            since = await loadUpdatesSince(client, live.storageName, live.maxSeenId);
          } else {
            const read = await sinceFetched;
            if ("error" in read) throw read.error;
            since = read.since;
          }
          this.applyAndRelay(live, since.updates, since.maxSeenId);
          const refused = options.admit?.(live);
          if (refused) return { result: undefined as T, update: null, id: null, refused };

          const produced: Uint8Array[] = [];
          const capture = (update: Uint8Array, origin: unknown) => {
            if (origin !== STORED_ORIGIN) produced.push(update);
          };
          live.doc.on("update", capture);
          let result: T;
          try {
            result = mutate(live.doc);
          } finally {
            live.doc.off("update", capture);
          }
          const update =
            options.storeExactly ??
            (produced.length === 0
              ? null
              : produced.length === 1
                ? produced[0]
                : Y.mergeUpdates(produced));
          if (!update) return { result, update: null, id: null };
          // The log row and the caller's rows are asked together (one round trip); both settle
          // before a failure is thrown, so the rollback comes after every statement.
          const [appended, persisted] = await Promise.allSettled([
            appendUpdate(client, live.storageName, update, processIdentity().id),
            options.persist?.(client, result, update),
          ]);
          if (appended.status === "rejected") throw appended.reason;
          if (persisted.status === "rejected") throw persisted.reason;
          return { result, update, id: appended.value };
        };
        const outcome = await inDocumentTransaction(this.pool, live.storageName, work, {
          pipelined: true,
        });
        if (outcome.id !== null) {
          live.maxSeenId = outcome.id > live.maxSeenId ? outcome.id : live.maxSeenId;
          live.logRows += 1;
          this.onStored?.(live.storageName, outcome.id);
          this.maybeCompact(live);
        }
        return outcome;
      } catch (error) {
        // A refusal from `prepare` came before anything was applied: the copy is as stored.
        if (!touched) throw error;
        // The copy may hold the change that was not stored. Until it is replaced by the stored
        // state, nothing more is written on it: a later write would continue this process's Yjs
        // clock after the unstored one, and every other copy would hold that write as pending
        // structs for ever. With PostgreSQL away the reload fails too; the next write, catch-up
        // or resync retries it.
        this.stale.add(live.storageName);
        await this.reload(this.pool, live).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Another process stored an update to a document this process holds: apply it. Asked while
   * the document is loading, it runs once the load is done: the load may have read the log
   * before that update was stored, and nothing else would announce it again.
   */
  async catchUp(storageName: string): Promise<void> {
    let live = this.documents.get(storageName);
    if (!live) {
      const loading = this.loading.get(storageName);
      if (!loading) return;
      live = await loading.catch(() => undefined);
      if (!live || this.documents.get(storageName) !== live) return;
    }
    // A catch-up not started yet reads everything stored until it runs: later callers share it
    // instead of queueing one read each behind the document's writes.
    const queued = this.queuedCatchUps.get(storageName);
    if (queued) return queued;
    const held = live;
    const run = held.exclusive(async () => {
      this.queuedCatchUps.delete(storageName);
      if (this.stale.has(storageName)) {
        await this.reload(this.pool, held);
        return;
      }
      const since = await loadUpdatesSince(this.pool, storageName, held.maxSeenId);
      this.applyAndRelay(held, since.updates, since.maxSeenId);
      held.logRows += since.updates.length;
    });
    this.queuedCatchUps.set(storageName, run);
    return run;
  }

  /** Held documents that must be reloaded from the store before anything else (a failed write). */
  staleNames(): string[] {
    return [...this.stale].filter((name) => this.documents.has(name));
  }

  /**
   * Replaces the in-memory copy by the stored state; what that holds beyond the old copy (others'
   * writes it had not read yet) goes to the clients, found by state vector. The unstored change
   * was never sent to anyone, so nothing needs taking back.
   */
  private async reload(q: pg.Pool | pg.PoolClient, live: LiveDocument): Promise<void> {
    const stored = await loadStoredState(q, live.storageName);
    const before = Y.encodeStateVector(live.doc);
    live.replaceWith(stored.updates, stored.maxSeenId, stored.logRows);
    this.stale.delete(live.storageName);
    const missed = Y.encodeStateAsUpdate(live.doc, before);
    if (hasContent(missed)) this.onCaughtUp?.(live.storageName, missed);
  }

  /** The highest stored id this process has applied to a held document (null: not held). */
  seenId(storageName: string): bigint | null {
    return this.documents.get(storageName)?.maxSeenId ?? null;
  }

  private applyAndRelay(live: LiveDocument, updates: Uint8Array[], maxSeenId: bigint): void {
    if (updates.length === 0) return live.applyStored([], maxSeenId);
    const merged = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    live.applyStored([merged], maxSeenId);
    this.onCaughtUp?.(live.storageName, merged);
  }

  private maybeCompact(live: LiveDocument): void {
    if (live.compacting || live.logRows < this.options.compactAfter) return;
    live.compacting = true;
    compactDocument(this.pool, live.storageName)
      .then((result) => {
        if (result) live.logRows = Math.max(0, live.logRows - result.merged);
      })
      .catch((error: unknown) =>
        console.error(`[realtime] compaction of ${live.storageName} failed:`, error),
      )
      .finally(() => {
        live.compacting = false;
      });
  }

  closeAll(): void {
    for (const live of this.documents.values()) live.destroy();
    this.documents.clear();
  }
}
