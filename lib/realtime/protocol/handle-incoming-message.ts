import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { ownBytes, readBoundedBytes } from "@/lib/realtime/decode/bounded-read";
import {
  DEFAULT_AWARENESS_LIMITS,
  DEFAULT_UPDATE_LIMITS,
  type TAwarenessLimits,
  type TDecodeCheck,
  type TUpdateLimits,
} from "@/lib/realtime/decode/limits";
import { isEmptyUpdate } from "@/lib/realtime/decode/precheck-update";
import {
  validateAwarenessUpdate,
  type TAwarenessEntry,
} from "@/lib/realtime/decode/validate-awareness-update";
import { validateUpdate } from "@/lib/realtime/decode/validate-update";
import {
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
} from "@/lib/realtime/protocol/messages";

/**
 * A document that may be held as its encoded state and decoded only when read (the server's
 * LiveDocument): a peer's step 1 is answered from the bytes, and `doc` is touched only when a
 * frame must be read against the document.
 */
export type THeldDocument = {
  readonly doc: Y.Doc;
  readonly decoded: boolean;
  fullState(): Uint8Array;
};

function heldOf(target: Y.Doc | THeldDocument): THeldDocument {
  return target instanceof Y.Doc
    ? { doc: target, decoded: true, fullState: () => Y.encodeStateAsUpdate(target) }
    : target;
}

/** What the holder of `stateVector` lacks, read from the encoded state (no decoded Y.Doc). */
function stepTwoFromBytes(held: THeldDocument, stateVector: Uint8Array): Uint8Array {
  const state = held.fullState();
  // An empty state vector (a new peer) lacks everything.
  const missing =
    stateVector.length === 1 && stateVector[0] === 0 ? state : Y.diffUpdate(state, stateVector);
  return encodeSyncStep2FromUpdate(missing);
}

export type TRefusalCode = "read_only" | "bad_message" | "too_large" | "malformed" | "timeout";
export type TRefusal = { code: TRefusalCode; message: string };

export type TIncomingResult = {
  /** Send back to this peer only (a sync step 2). */
  reply?: Uint8Array;
  /** An accepted, decoded-and-checked document update: store it, then broadcast it. */
  update?: Uint8Array;
  refused?: TRefusal;
  /** A checked awareness update to relay to the document's other peers. */
  awareness?: Uint8Array;
  /** What that awareness update says, so the caller can drop these clients when the peer leaves. */
  awarenessEntries?: TAwarenessEntry[];
};

export type THandleIncomingOptions = {
  /** May this peer change the document (notes owner, session-notes member)? Never for chapter docs. */
  writable: boolean;
  /** Transaction origin for the accepted update, usually the connection. */
  origin: unknown;
  /**
   * false: return the accepted update without applying it, so the caller can store it first and
   * then apply it with Y.applyUpdate(doc, update, origin). Default true.
   */
  apply?: boolean;
  limits?: TUpdateLimits;
  awarenessLimits?: TAwarenessLimits;
  /** Defaults to the shared worker pool. */
  validate?: (update: Uint8Array, limits: TUpdateLimits) => Promise<TDecodeCheck>;
};

function refuse(code: TRefusalCode, message: string): TIncomingResult {
  return { refused: { code, message } };
}

/** True when everything the update carries (structs and deletions) is already in `doc`. */
function alreadyContained(doc: Y.Doc, update: Uint8Array): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}

async function handleSync(
  held: THeldDocument,
  syncType: number,
  payload: Uint8Array,
  options: THandleIncomingOptions,
  limits: TUpdateLimits,
): Promise<TIncomingResult> {
  if (syncType === SYNC_STEP_1) {
    try {
      return {
        reply: held.decoded ? encodeSyncStep2(held.doc, payload) : stepTwoFromBytes(held, payload),
      };
    } catch {
      return refuse("bad_message", "state vector does not decode");
    }
  }
  if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE)
    return refuse("bad_message", "unknown sync message");
  // A peer's step 2 usually carries nothing new; read-only peers always send one.
  if (isEmptyUpdate(payload)) return {};

  const check = await (options.validate ?? validateUpdate)(payload, limits);
  if (!check.ok) return refuse(check.code, check.message);

  // Only now, with the bytes known to decode in bounded time, may the main thread read them.
  // Step 2 echoes back much the server already has; a read-only peer's echo is no write.
  if (syncType === SYNC_STEP_2 || !options.writable) {
    if (alreadyContained(held.doc, payload)) return {};
  }
  if (!options.writable) return refuse("read_only", "this document is read-only for you");
  if (options.apply !== false) Y.applyUpdate(held.doc, payload, options.origin);
  return { update: payload };
}

/**
 * Handles one frame from a peer, in the manner of y-protocols' readSyncMessage, but a refused
 * update never touches `doc`, and an update is decoded in a bounded worker before the main
 * thread reads it. Frames: [0 sync, step1 | step2 | update, bytes] or [1 awareness, bytes].
 */
export async function handleIncomingMessage(
  doc: Y.Doc | THeldDocument,
  bytes: Uint8Array,
  options: THandleIncomingOptions,
): Promise<TIncomingResult> {
  const limits = options.limits ?? DEFAULT_UPDATE_LIMITS;
  const awarenessLimits = options.awarenessLimits ?? DEFAULT_AWARENESS_LIMITS;
  if (!(bytes instanceof Uint8Array)) return refuse("bad_message", "frames are binary");
  // The frame adds at most a few header bytes to its payload.
  if (bytes.length > Math.max(limits.maxBytes, awarenessLimits.maxBytes) + 16) {
    return refuse("too_large", "frame too large");
  }
  const frame = ownBytes(bytes);
  const decoder = decoding.createDecoder(frame);
  let messageType: number;
  let syncType = -1;
  let payload: Uint8Array;
  try {
    messageType = decoding.readVarUint(decoder);
    if (messageType === MESSAGE_SYNC) {
      syncType = decoding.readVarUint(decoder);
      payload = readBoundedBytes(decoder, limits.maxBytes);
    } else if (messageType === MESSAGE_AWARENESS) {
      payload = readBoundedBytes(decoder, awarenessLimits.maxBytes);
    } else {
      return refuse("bad_message", "unknown message type");
    }
  } catch (error) {
    const over = error instanceof RangeError && error.message.includes("over the limit");
    return over
      ? refuse("too_large", "payload too large")
      : refuse("bad_message", "frame does not decode");
  }
  if (decoder.pos !== frame.length)
    return refuse("bad_message", "trailing bytes after the message");

  if (messageType === MESSAGE_SYNC)
    return handleSync(heldOf(doc), syncType, payload, options, limits);

  const awareness = validateAwarenessUpdate(payload, awarenessLimits);
  if (!awareness.ok) return refuse(awareness.code, awareness.message);
  return { awareness: payload, awarenessEntries: awareness.entries };
}
