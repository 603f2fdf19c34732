import { createStore, del, entries, set, type UseStore } from "idb-keyval";

export type QueuedCommand = { id: string; doc: string; type: string; queuedAt: number } & Record<
  string,
  unknown
>;
export type CommandResult = { ok: boolean; error?: string; message?: string } & Record<
  string,
  unknown
>;

/**
 * Commands written while disconnected (or not yet acknowledged) live in IndexedDB with their
 * client-made ids, so a reload or a lost connection loses nothing; they are sent in order when
 * the socket is back, and the server's idempotency makes a resend act once.
 */
export class CommandQueue {
  private readonly store: UseStore | null;
  private readonly memory = new Map<string, QueuedCommand>();

  constructor(userId: string) {
    this.store =
      typeof indexedDB === "undefined"
        ? null
        : createStore(`marginalia-commands-${userId}`, "queue");
  }

  async load(): Promise<QueuedCommand[]> {
    if (this.store)
      for (const [key, value] of await entries<string, QueuedCommand>(this.store))
        this.memory.set(key, value);
    return this.pending();
  }

  pending(): QueuedCommand[] {
    return [...this.memory.values()].sort((a, b) => a.queuedAt - b.queuedAt);
  }

  async add(command: QueuedCommand): Promise<void> {
    this.memory.set(command.id, command);
    if (this.store) await set(command.id, command, this.store);
  }

  async remove(id: string): Promise<void> {
    this.memory.delete(id);
    if (this.store) await del(id, this.store);
  }
}
