import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/**
 * Frames as y-websocket and y-protocols write them: [messageType, ...]. Sync frames carry
 * [0, syncType, varUint8Array]; awareness frames carry [1, varUint8Array awareness update].
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const SYNC_STEP_1 = syncProtocol.messageYjsSyncStep1;
export const SYNC_STEP_2 = syncProtocol.messageYjsSyncStep2;
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate;

/** A sync frame: [0, syncType, varUint8Array payload], as y-protocols writes it. */
function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** "Here is what I have": the peer answers with what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return syncFrame(SYNC_STEP_1, Y.encodeStateVector(doc));
}

/** Step 1 from a state vector already at hand (a document held as bytes, not decoded). */
export function encodeSyncStep1FromStateVector(stateVector: Uint8Array): Uint8Array {
  return syncFrame(SYNC_STEP_1, stateVector);
}

/** Sync step 2 whose payload is an already-encoded update (no second encoding of the state). */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  return syncFrame(SYNC_STEP_2, update);
}

/** Everything in `doc` the holder of `stateVector` lacks (all of it without one). */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return syncFrame(SYNC_STEP_2, Y.encodeStateAsUpdate(doc, stateVector));
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  return syncFrame(SYNC_UPDATE, update);
}

/** Wraps an awareness update (y-protocols `encodeAwarenessUpdate`) for the wire. */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/**
 * Reads one frame from the server into `doc` (and the peers' presence into `awareness`), the
 * way y-protocols clients do: returns the reply to send back (our step 2 to the server's step
 * 1), and which sync message it was. Shared by the browser, the tests' client and the benches.
 */
export function readServerMessage(
  doc: Y.Doc,
  awareness: awarenessProtocol.Awareness | undefined,
  frame: Uint8Array,
  origin: unknown,
): { reply: Uint8Array | null; syncType: number | null } {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_SYNC) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    const syncType = syncProtocol.readSyncMessage(decoder, encoder, doc, origin);
    return {
      reply: encoding.length(encoder) > 1 ? encoding.toUint8Array(encoder) : null,
      syncType,
    };
  }
  if (type === MESSAGE_AWARENESS && awareness)
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), origin);
  return { reply: null, syncType: null };
}
