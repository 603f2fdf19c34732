import { randomBytes, randomUUID } from "node:crypto";

/**
 * One identity per process. The server writes every document with one stable Yjs client id
 * (a new client id per write would make documents slower with every write: yjs issue 415).
 */
const globalForIdentity = globalThis as unknown as {
  marginaliaProcess?: { id: string; yjsClientId: number };
};

export function processIdentity(): { id: string; yjsClientId: number } {
  globalForIdentity.marginaliaProcess ??= {
    id: randomUUID(),
    // Yjs client ids are uint32; keep clear of 0.
    yjsClientId: (randomBytes(4).readUInt32BE(0) % 0xfffffffe) + 1,
  };
  return globalForIdentity.marginaliaProcess;
}
