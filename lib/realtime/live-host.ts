import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Namespace } from "socket.io";
import * as Y from "yjs";
import type { DocumentHost } from "@/lib/documents/host";
import { clientDocName } from "@/lib/documents/names";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { DocumentRegistryFullError, type DocumentRegistry } from "@/lib/realtime/document-registry";
import { STORED_ORIGIN, type LiveDocument } from "@/lib/realtime/live-document";
import { encodeUpdateMessage } from "@/lib/realtime/protocol/messages";
import { roomOf } from "@/lib/realtime/rooms";
import { afterAcks } from "@/lib/realtime/after-acks";

/** One command's write, waiting for the document's next transaction. */
type Pending = {
  mutate: (doc: Y.Doc) => unknown;
  persist: (client: pg.PoolClient, result: unknown) => Promise<void>;
  prepare?: (client: pg.PoolClient, how?: { alone: boolean }) => Promise<void>;
  key?: string;
  resolve: (written: { result: unknown; update: Uint8Array | null }) => void;
  reject: (error: unknown) => void;
};

/** A member of a group's transaction: refused by its own checks, or applied with its own bytes. */
type Member = Pending & { refusal?: unknown; result?: unknown; update?: Uint8Array | null };

/**
 * How many commands one transaction takes at most: the document's lock is held for all of them,
 * so a bound keeps one transaction (and what a reader waits for) short.
 */
export const GROUP_COMMIT_MAX = 64;

/**
 * Waits for every one of them, then fails with the first failure: the transaction must not be
 * rolled back while some of its statements are still to come.
 */
async function settleAll(work: Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
}

function mergedOwnUpdates(doc: Y.Doc, mutate: (doc: Y.Doc) => unknown) {
  const produced: Uint8Array[] = [];
  const capture = (update: Uint8Array, origin: unknown) => {
    if (origin !== STORED_ORIGIN) produced.push(update);
  };
  doc.on("update", capture);
  try {
    const result = mutate(doc);
    return { result, produced };
  } finally {
    doc.off("update", capture);
  }
}

/**
 * Where commands change documents on a process that runs the socket server: the document held
 * in memory (opened for the command if no socket holds it), stored before anyone is told, then
 * sent to its room on this process (the others relay it from the store).
 *
 * Group commit (issue 16): while a document's transaction runs, the commands that arrive for it
 * wait together, and the next transaction takes all of them: one lock, one catch-up read, one
 * log row, one commit, one broadcast. Each is still answered only after that commit, and each
 * is checked on its own (idempotency, plan, budget): a refusal there leaves the others going.
 * If the shared transaction fails for any other reason, each of its commands runs again in a
 * transaction of its own, so one command's database error is never another's.
 */
export function liveDocumentHost(collab: Namespace, registry: DocumentRegistry): DocumentHost {
  const waiting = new Map<string, Pending[]>();

  async function inLiveDocument<T>(
    storageName: string,
    work: (live: LiveDocument) => Promise<T>,
  ): Promise<T> {
    let live: LiveDocument;
    try {
      live = await registry.open(storageName);
    } catch (error) {
      if (!(error instanceof DocumentRegistryFullError)) throw error;
      throw new AppError("busy", "The server is busy; try again soon.");
    }
    // Held for the transaction's duration, so a full registry cannot let it go mid-command;
    // then the idle timer releases a document opened only for commands.
    const holder = `command:${randomUUID()}`;
    registry.acquire(live, holder);
    try {
      return await work(live);
    } finally {
      registry.release(live, holder);
    }
  }

  function broadcast(storageName: string, update: Uint8Array | null): void {
    // This process's clients only: the other processes read it from the store when the
    // channel tells them (or their resync finds it) and send it to theirs.
    if (update)
      afterAcks(collab)(() =>
        collab.local
          .to(roomOf(storageName))
          .emit("y", clientDocName(storageName), encodeUpdateMessage(update)),
      );
  }

  async function runAlone(storageName: string, entry: Pending): Promise<void> {
    const prepare = entry.prepare;
    try {
      const written = await inLiveDocument(storageName, (live) =>
        registry.write(live, entry.mutate, {
          persist: entry.persist,
          prepare: prepare && ((client) => prepare(client, { alone: true })),
        }),
      );
      broadcast(storageName, written.update);
      entry.resolve({ result: written.result, update: written.update });
    } catch (error) {
      entry.reject(error);
    }
  }

  async function runTogether(storageName: string, entries: Pending[]): Promise<void> {
    const members: Member[] = entries.map((entry) => ({ ...entry }));
    const admitted = () => members.filter((member) => member.refusal === undefined);
    let written: { update: Uint8Array | null };
    try {
      written = await inLiveDocument(storageName, (live) =>
        registry.write(
          live,
          (doc) => {
            for (const member of admitted()) {
              const { result, produced } = mergedOwnUpdates(doc, member.mutate);
              member.result = result;
              member.update =
                produced.length === 0
                  ? null
                  : produced.length === 1
                    ? produced[0]
                    : Y.mergeUpdates(produced);
            }
            return null;
          },
          {
            // Side by side on the one client: the registry's transaction client sends what is
            // asked together as one batch, one batch at a time (lib/db/pipelined-queries.ts), and
            // the statements of one kind the commands make (the idempotency lookup, the plan's
            // read, the command record, the comment rows) go as one (lib/db/coalesce.ts).
            // An AppError is this command's refusal alone (nothing of it is applied); anything
            // else fails them all.
            prepare: async (client) => {
              await settleAll(
                members.map(async (member) => {
                  try {
                    await member.prepare?.(client);
                  } catch (error) {
                    if (!isAppError(error)) throw error;
                    member.refusal = error;
                  }
                }),
              );
            },
            persist: async (client) => {
              await settleAll(
                admitted()
                  .filter((member) => member.update)
                  .map((member) => member.persist(client, member.result)),
              );
            },
          },
        ),
      );
    } catch {
      // Rolled back (and the held copy reloaded by the registry): nothing of the group was
      // stored. A refusal found on the way stands; the others run one by one, each with its
      // own outcome.
      for (const member of members) {
        if (member.refusal !== undefined) member.reject(member.refusal);
        else await runAlone(storageName, member);
      }
      return;
    }
    broadcast(storageName, written.update);
    for (const member of members) {
      if (member.refusal !== undefined) member.reject(member.refusal);
      else member.resolve({ result: member.result, update: member.update ?? null });
    }
  }

  /**
   * The next group: the waiting commands in arrival order, at most GROUP_COMMIT_MAX, none with
   * a key already in it (a resend waits for the next transaction, where it finds the record of
   * the command it repeats instead of applying it a second time).
   */
  function nextGroup(queue: Pending[]): Pending[] {
    const group: Pending[] = [];
    const keys = new Set<string>();
    const later: Pending[] = [];
    for (const entry of queue) {
      if (group.length >= GROUP_COMMIT_MAX || (entry.key !== undefined && keys.has(entry.key))) {
        later.push(entry);
        continue;
      }
      if (entry.key !== undefined) keys.add(entry.key);
      group.push(entry);
    }
    queue.splice(0, queue.length, ...later);
    return group;
  }

  /** Runs the document's waiting commands, a group per transaction, until none wait. */
  async function drain(storageName: string, queue: Pending[]): Promise<void> {
    try {
      while (queue.length > 0) {
        const group = nextGroup(queue);
        if (group.length === 1) await runAlone(storageName, group[0] as Pending);
        else await runTogether(storageName, group);
      }
    } finally {
      waiting.delete(storageName);
    }
  }

  return {
    write<T>(
      storageName: string,
      mutate: (doc: Y.Doc) => T,
      persist: (client: pg.PoolClient, result: T) => Promise<void>,
      prepare?: (client: pg.PoolClient) => Promise<void>,
      options?: { key?: string },
    ) {
      return new Promise<{ result: T; update: Uint8Array | null }>((resolve, reject) => {
        const entry: Pending = {
          mutate,
          persist: (client, result) => persist(client, result as T),
          prepare,
          key: options?.key,
          resolve: (written) => resolve(written as { result: T; update: Uint8Array | null }),
          reject,
        };
        const queue = waiting.get(storageName);
        if (queue) {
          queue.push(entry);
          return;
        }
        const fresh = [entry];
        waiting.set(storageName, fresh);
        void drain(storageName, fresh);
      });
    },
  };
}
