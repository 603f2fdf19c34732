import type { TClientCommand } from "@/lib/collab-client/client-commands";
import { io, type Socket } from "socket.io-client";
import { IndexeddbPersistence } from "y-indexeddb";
import { CollabDoc } from "@/lib/collab-client/collab-doc";
import {
  CommandQueue,
  type CommandResult,
  type QueuedCommand,
} from "@/lib/collab-client/command-queue";

export type ConnectionStatus = "connecting" | "connected" | "offline";
export type Notice = { id: string; kind: string };

/**
 * The browser's one connection to /collab: documents it holds (each also kept in IndexedDB so
 * a chapter's comments show at once and offline), commands it has not had acknowledged, and
 * the connection state the UI shows.
 */
export class CollabConnection {
  readonly socket: Socket;
  status: ConnectionStatus = "connecting";
  private readonly docs = new Map<
    string,
    { doc: CollabDoc; refs: number; persistence: IndexeddbPersistence | null }
  >();
  private readonly queue: CommandQueue;
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Map<string, Promise<CommandResult>>();
  private readonly waiters = new Map<string, (result: CommandResult) => void>();
  readonly notices: Notice[] = [];

  constructor(readonly userId: string) {
    this.queue = new CommandQueue(userId);
    this.socket = io("/collab", {
      withCredentials: true,
      transports: ["websocket", "polling"],
      reconnectionDelayMax: 5000,
    });
    this.socket.on("connect", () => {
      this.status = "connected";
      this.notify();
      for (const { doc } of this.docs.values()) void doc.attach(this.socket);
      void this.flush();
    });
    this.socket.on("disconnect", () => {
      this.status = "offline";
      for (const { doc } of this.docs.values()) doc.detach();
      this.notify();
    });
    this.socket.io.on("reconnect_attempt", () => {
      this.status = "connecting";
      this.notify();
    });
    this.socket.on("connect_error", () => {
      this.status = "offline";
      this.notify();
    });
    this.socket.on("y", (name: string, bytes: ArrayBuffer) =>
      this.docs.get(name)?.doc.receive(new Uint8Array(bytes)),
    );
    this.socket.on("y-error", (name: string, error: { code: string; message: string }) => {
      const entry = this.docs.get(name);
      if (entry && error.code === "forbidden") {
        entry.doc.error = error.message;
        entry.doc.notify();
      }
    });
    this.socket.on("notification", (notice: Notice) => {
      this.notices.push(notice);
      this.notify();
    });
    void this.queue.load().then(() => this.notify());
  }

  open(name: string): CollabDoc {
    const existing = this.docs.get(name);
    if (existing) {
      existing.refs += 1;
      return existing.doc;
    }
    const doc = new CollabDoc(name);
    const persistence =
      typeof indexedDB === "undefined"
        ? null
        : new IndexeddbPersistence(`marginalia:${this.userId}:${name}`, doc.doc);
    this.docs.set(name, { doc, refs: 1, persistence });
    if (this.socket.connected) void doc.attach(this.socket);
    return doc;
  }

  close(name: string): void {
    const entry = this.docs.get(name);
    if (!entry) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.docs.delete(name);
    void entry.persistence?.destroy();
    entry.doc.destroy();
  }

  /** Queues a command (persisted) and sends it when connected; resolves with the server's answer. */
  async command(payload: TClientCommand): Promise<CommandResult> {
    const command: QueuedCommand = { ...payload, queuedAt: Date.now() };
    await this.queue.add(command);
    this.notify();
    const answered = new Promise<CommandResult>((resolve) => this.waiters.set(command.id, resolve));
    if (this.socket.connected) void this.send(command);
    return answered;
  }

  get unsentCommands(): QueuedCommand[] {
    return this.queue.pending();
  }

  get unsentCount(): number {
    let count = this.queue.pending().length;
    for (const { doc } of this.docs.values()) count += doc.unsentUpdates;
    return count;
  }

  private send(command: QueuedCommand, retry = 0): Promise<CommandResult> {
    const running = this.inFlight.get(command.id);
    if (running) return running;
    const { queuedAt: _queuedAt, ...payload } = command;
    const attempt = (
      this.socket.timeout(20_000).emitWithAck("command", payload) as Promise<CommandResult>
    )
      .then(async (result) => {
        // A rate limit or a busy document is temporary; anything else is the server's final
        // word. Retries back off (with jitter, so refused clients do not return together).
        if (result.error === "rate_limited" || result.error === "busy") {
          const floor = result.error === "rate_limited" ? 2_000 : 250;
          const backoff = Math.min(floor * 2 ** retry, 15_000);
          await new Promise((resolve) =>
            setTimeout(resolve, backoff / 2 + Math.random() * backoff),
          );
          this.inFlight.delete(command.id);
          return this.send(command, retry + 1);
        }
        await this.queue.remove(command.id);
        this.waiters.get(command.id)?.(result);
        this.waiters.delete(command.id);
        this.notify();
        return result;
      })
      .catch(() => ({
        ok: false,
        error: "offline",
        message: "will be sent when the connection is back",
      }))
      .finally(() => this.inFlight.delete(command.id));
    this.inFlight.set(command.id, attempt);
    return attempt;
  }

  private async flush(): Promise<void> {
    for (const command of this.queue.pending()) {
      if (!this.socket.connected) return;
      await this.send(command);
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

const connections = new Map<string, CollabConnection>();

/** One connection per signed-in user per tab. */
export function collabConnection(userId: string): CollabConnection {
  let connection = connections.get(userId);
  if (!connection) {
    connection = new CollabConnection(userId);
    connections.set(userId, connection);
  }
  return connection;
}
