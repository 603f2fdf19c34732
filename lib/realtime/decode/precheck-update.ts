import * as decoding from "lib0/decoding";
import type { TDecodeCheck } from "@/lib/realtime/decode/limits";

/** The smallest Yjs v1 update: no struct groups, no delete set. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * Cheap synchronous checks before a frame goes to a decoder worker: the size, and that the
 * leading counts of a v1 update could fit in the bytes that follow (each client group needs at
 * least three bytes: struct count, client id, first clock).
 */
export function precheckUpdate(update: unknown, maxBytes: number): TDecodeCheck {
  if (!(update instanceof Uint8Array))
    return { ok: false, code: "malformed", message: "an update is binary" };
  if (update.length > maxBytes)
    return { ok: false, code: "too_large", message: `update over ${maxBytes} bytes` };
  if (update.length < 2) return { ok: false, code: "malformed", message: "update too short" };
  try {
    const decoder = decoding.createDecoder(update);
    const clients = decoding.readVarUint(decoder);
    if (clients * 3 > update.length - decoder.pos) {
      return {
        ok: false,
        code: "malformed",
        message: "more client groups declared than bytes sent",
      };
    }
    if (clients > 0) {
      const structs = decoding.readVarUint(decoder);
      if (structs > update.length - decoder.pos) {
        return { ok: false, code: "malformed", message: "more structs declared than bytes sent" };
      }
    }
  } catch {
    return { ok: false, code: "malformed", message: "update header does not decode" };
  }
  return { ok: true };
}
