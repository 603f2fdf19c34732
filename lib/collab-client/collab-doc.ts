import type { Socket } from "socket.io-client";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  encodeAwarenessMessage,
  encodeUpdateMessage,
  readServerMessage,
  SYNC_STEP_2,
} from "@/lib/realtime/protocol/messages";

export const REMOTE_ORIGIN = "marginalia:remote";

/**
 * One document as a browser holds it: a Y.Doc kept in step with the server through y-protocols
 * messages in `y` events, and the peers' presence. Local changes of a writable document are
 * sent as they happen; while offline they stay in the document (and in IndexedDB), and the
 * sync exchange on the next join delivers them.
 */
export class CollabDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  writable = false;
  synced = false;
  error: string | null = null;
  private readonly listeners = new Set<() => void>();
  private socket: Socket | null = null;
  private pendingUpdates = 0;

  constructor(readonly name: string) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN || !this.writable || !this.socket?.connected) return;
      this.sendUpdate(encodeUpdateMessage(update));
    });
    this.awareness.on(
      "update",
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        if (origin === REMOTE_ORIGIN) return this.notify();
        const changed = [...added, ...updated, ...removed];
        if (!this.socket?.connected || !changed.includes(this.awareness.clientID)) return;
        this.socket.emit(
          "y",
          this.name,
          encodeAwarenessMessage(
            awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]),
          ),
        );
        this.notify();
      },
    );
  }

  /** Called when the socket (re)connects: join, then the server starts the sync exchange. */
  async attach(socket: Socket): Promise<void> {
    this.socket = socket;
    const ack = (await socket.timeout(15_000).emitWithAck("join", { doc: this.name })) as {
      ok: boolean;
      writable?: boolean;
      error?: string;
    };
    if (!ack.ok) {
      this.error = ack.error ?? "unavailable";
      this.notify();
      return;
    }
    this.error = null;
    this.writable = Boolean(ack.writable);
    // Announce our presence again: the server forgot it when we were away.
    if (this.awareness.getLocalState())
      this.awareness.setLocalState(this.awareness.getLocalState());
    this.notify();
  }

  detach(): void {
    this.socket = null;
    this.synced = false;
    const others = [...this.awareness.getStates().keys()].filter(
      (id) => id !== this.awareness.clientID,
    );
    awarenessProtocol.removeAwarenessStates(this.awareness, others, REMOTE_ORIGIN);
    this.notify();
  }

  receive(bytes: Uint8Array): void {
    const { reply, syncType } = readServerMessage(this.doc, this.awareness, bytes, REMOTE_ORIGIN);
    if (reply) this.socket?.emit("y", this.name, reply);
    if (syncType === SYNC_STEP_2 && !this.synced) {
      this.synced = true;
      this.notify();
    }
  }

  private sendUpdate(frame: Uint8Array): void {
    this.pendingUpdates += 1;
    this.notify();
    this.socket
      ?.timeout(15_000)
      .emitWithAck("y", this.name, frame)
      .catch(() => undefined)
      .finally(() => {
        this.pendingUpdates -= 1;
        this.notify();
      });
  }

  get unsentUpdates(): number {
    return this.pendingUpdates;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  destroy(): void {
    this.socket?.emit("leave", { doc: this.name });
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}
