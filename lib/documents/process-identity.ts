import { randomBytes, randomUUID } from "node:crypto";

/**
 * One identity per process. The server writes every document with one stable Yjs client id
 * (a new client id per write would make documents slower with every write: yjs issue 415).
 *
 * Two Y.Docs of one document must never write with the same client id unless each has read
 * everything the other wrote: Yjs sees its own id arriving in a remote update, warns "[yjs]
 * Changed the client-id" and switches to a random id (and items with a clashing id and clock
 * would be lost). So the in-memory documents of the socket server use `yjsClientId`, and the
 * maintenance writers that load a document on their own under its lock (moving comment
 * threads) use `maintenanceYjsClientId`.
 */
type ProcessIdentity = { id: string; yjsClientId: number; maintenanceYjsClientId: number };

const globalForIdentity = globalThis as unknown as { marginaliaProcess?: ProcessIdentity };

// Yjs client ids are uint32; keep clear of 0.
const randomClientId = () => (randomBytes(4).readUInt32BE(0) % 0xfffffffe) + 1;

export function processIdentity(): ProcessIdentity {
  if (!globalForIdentity.marginaliaProcess) {
    const yjsClientId = randomClientId();
    let maintenanceYjsClientId = randomClientId();
    while (maintenanceYjsClientId === yjsClientId) maintenanceYjsClientId = randomClientId();
    globalForIdentity.marginaliaProcess = { id: randomUUID(), yjsClientId, maintenanceYjsClientId };
  }
  return globalForIdentity.marginaliaProcess;
}
