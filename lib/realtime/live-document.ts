import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { processIdentity } from "@/lib/documents/process-identity";
import type { StoredImage } from "@/lib/realtime/compaction/merge-updates-off-thread";
import { encodeSyncStep2FromUpdate, encodeUpdateMessage } from "@/lib/realtime/protocol/messages";

/** Updates sent to joiners on top of an encoded state before it is encoded again. */
const JOIN_BASE_MAX_UPDATES = 256;

/** Transaction origin for updates read back from the store (another process, or a reload). */
export const STORED_ORIGIN = "marginalia:stored";

/**
 * One document held in this process's memory: its Y.Doc (written by the server with the
 * process's one Yjs client id), the relayed awareness of its peers, and a mutex so writes are
 * applied and stored one at a time.
 *
 * A large document opened for readers is held as its stored bytes (merged, with its state
 * vector, on a worker: `fromImage`) and decoded into a Y.Doc only when something needs it (a
 * write, a catch-up, a peer's sync message that must be read against it). Decoding a
 * 5,000-thread document takes the main thread for over half a second, during which no other
 * document's changes go out; joins need only the bytes and the state vector (issue 16's join
 * storm).
 */
export class LiveDocument {
  private held: Y.Doc | undefined;
  /** The stored state while it is not decoded (`held` undefined). */
  private image: StoredImage | undefined;
  /** Presence is relayed, never stored; kept apart from the document. */
  readonly awareness = new Awareness(new Y.Doc());
  /** The highest log id (or snapshot upToId) this copy contains. */
  maxSeenId = 0n;
  /** Log rows not yet folded into a snapshot. */
  logRows = 0;
  readonly sockets = new Set<string>();
  unloadTimer: NodeJS.Timeout | undefined;
  compacting = false;
  private encodedState: Uint8Array | undefined;
  /**
   * What joins are sent: a whole state framed as sync step 2, and the updates applied since it
   * was made. A busy document changes many times a second; encoding its whole state again for
   * each joiner after each change (tens of milliseconds for a thousand threads) made 500 clients
   * rejoining a process under 200 commands/s cost seconds of the event loop.
   */
  private joinBase: { frame: Uint8Array; since: Uint8Array[]; sinceBytes: number } | undefined;
  private sinceFrame: Uint8Array | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly storageName: string,
    updates: Uint8Array[] | null,
    maxSeenId: bigint,
    logRows: number,
  ) {
    if (updates) {
      this.held = LiveDocument.createDoc(updates);
      this.watch();
    }
    this.maxSeenId = maxSeenId;
    this.logRows = logRows;
    this.awareness.setLocalState(null);
  }

  /** Holds the stored state as bytes; decoded on first use of `doc`. */
  static fromImage(
    storageName: string,
    image: StoredImage,
    maxSeenId: bigint,
    logRows: number,
  ): LiveDocument {
    const live = new LiveDocument(storageName, null, maxSeenId, logRows);
    live.image = image;
    return live;
  }

  /** The document, decoded from the held bytes the first time it is asked for. */
  get doc(): Y.Doc {
    if (!this.held) {
      const image = this.image;
      this.held = LiveDocument.createDoc(image ? [image.update] : []);
      this.image = undefined;
      // The same state: the encoding of it a join sends need not be made again.
      this.encodedState = image?.update;
      this.watch();
    }
    return this.held;
  }

  /** Whether the held state has been decoded into a Y.Doc. */
  get decoded(): boolean {
    return this.held !== undefined;
  }

  stateVector(): Uint8Array {
    return this.held || !this.image ? Y.encodeStateVector(this.doc) : this.image.stateVector;
  }

  private static createDoc(updates: Uint8Array[]): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates), STORED_ORIGIN);
    // Only after loading: the stored updates may hold this process's earlier writes (a document
    // unloaded and opened again), and Yjs takes its own id arriving in a remote update for a
    // clash (warning, and a random id from then on). Once loaded, the next write continues
    // this id's clock where the stored ones end.
    doc.clientID = processIdentity().yjsClientId;
    return doc;
  }

  private watch(): void {
    this.held?.on("update", (update: Uint8Array) => {
      this.encodedState = undefined;
      this.sinceFrame = undefined;
      const base = this.joinBase;
      if (!base) return;
      base.since.push(update);
      base.sinceBytes += update.length;
      // Past this, one fresh encoding costs less than what joiners would be sent on top of it.
      if (base.since.length > JOIN_BASE_MAX_UPDATES || base.sinceBytes * 4 > base.frame.length)
        this.joinBase = undefined;
    });
  }

  /**
   * The frames a joining client is sent after step 1: the whole state as sync step 2, then (if
   * the document changed since that state was encoded) one update with the changes since. The
   * same frames for every joiner until the next change; the whole state is encoded again only
   * when the changes since outgrow a quarter of it.
   */
  joinFrames(): Uint8Array[] {
    this.joinBase ??= {
      frame: encodeSyncStep2FromUpdate(this.fullState()),
      since: [],
      sinceBytes: 0,
    };
    const { frame, since } = this.joinBase;
    if (since.length === 0) return [frame];
    this.sinceFrame ??= encodeUpdateMessage(
      since.length === 1 ? (since[0] as Uint8Array) : Y.mergeUpdates(since),
    );
    return [frame, this.sinceFrame];
  }

  /**
   * The whole state as one update. Encoding a large document blocks the event loop, so it is
   * cached until the next change.
   */
  fullState(): Uint8Array {
    if (!this.held && this.image) return this.image.update;
    this.encodedState ??= Y.encodeStateAsUpdate(this.doc);
    return this.encodedState;
  }

  applyStored(updates: Uint8Array[], maxSeenId: bigint): void {
    if (updates.length > 0)
      Y.applyUpdate(
        this.doc,
        updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates),
        STORED_ORIGIN,
      );
    if (maxSeenId > this.maxSeenId) this.maxSeenId = maxSeenId;
  }

  /** After a failed write: throw away the in-memory copy and take the stored one. */
  replaceWith(updates: Uint8Array[], maxSeenId: bigint, logRows: number): void {
    this.held?.destroy();
    this.image = undefined;
    this.held = LiveDocument.createDoc(updates);
    this.encodedState = undefined;
    this.joinBase = undefined;
    this.sinceFrame = undefined;
    this.maxSeenId = maxSeenId;
    this.logRows = logRows;
    this.watch();
  }

  /** Runs `work` after every earlier piece of work on this document has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  destroy(): void {
    clearTimeout(this.unloadTimer);
    this.awareness.destroy();
    this.held?.destroy();
    this.image = undefined;
  }
}
