import type pg from "pg";
import * as Y from "yjs";
import { getPool } from "@/lib/db/pool";
import { processIdentity } from "@/lib/documents/process-identity";
import { appendUpdate, inDocumentTransaction, loadStoredState } from "@/lib/documents/store";

/**
 * Where a command's change is applied. The socket server registers its own (the documents it
 * holds in memory, broadcast to their rooms after storing); a process without one (the demo
 * seed, a script, a test) writes through the store directly, and the processes holding the
 * document hear of it on the channel and relay it to their clients.
 */
export type DocumentHost = {
  write<T>(
    storageName: string,
    mutate: (doc: Y.Doc) => T,
    persist: (client: pg.PoolClient, result: T) => Promise<void>,
    /**
     * Reads and checks first, in the same transaction under the lock; throwing refuses (and
     * rolls the transaction back). `alone`: the transaction is this write's own, not shared by
     * a group (it may then ask its reads and its budget at once: one failing rolls back all).
     */
    prepare?: (client: pg.PoolClient, how?: { alone: boolean }) => Promise<void>,
    /**
     * `key`: writes with the same key never share a transaction (a command and its own resend:
     * the resend must find the first one's record, stored before it runs).
     */
    options?: { key?: string },
  ): Promise<{ result: T; update: Uint8Array | null }>;
};

// Next's bundled route code and server.ts may hold different module instances: the host the
// socket server registers is found through globalThis.
const globalForHost = globalThis as unknown as { marginaliaDocumentHost?: DocumentHost };

export function setDocumentHost(host: DocumentHost | undefined): void {
  globalForHost.marginaliaDocumentHost = host;
}

export function documentHost(): DocumentHost {
  return globalForHost.marginaliaDocumentHost ?? storeHost(getPool());
}

/**
 * Loads the document under its lock, applies the change with the process's maintenance Yjs id
 * (never the live documents' id: see process-identity.ts), stores it in the same transaction.
 */
export function storeHost(pool: pg.Pool): DocumentHost {
  return {
    write: (storageName, mutate, persist, prepare) =>
      inDocumentTransaction(pool, storageName, async (client) => {
        if (prepare) await prepare(client);
        const doc = new Y.Doc();
        try {
          const { updates } = await loadStoredState(client, storageName);
          if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
          doc.clientID = processIdentity().maintenanceYjsClientId;
          const produced: Uint8Array[] = [];
          doc.on("update", (update: Uint8Array) => produced.push(update));
          const result = mutate(doc);
          const stored = produced.length === 0 ? null : Y.mergeUpdates(produced);
          if (stored)
            await appendUpdate(client, storageName, stored, `maintenance:${processIdentity().id}`);
          await persist(client, result);
          return { result, update: stored };
        } finally {
          doc.destroy();
        }
      }),
  };
}
