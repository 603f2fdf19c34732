import * as decoding from "lib0/decoding";
import { readBoundedString } from "@/lib/realtime/decode/bounded-read";
import { DEFAULT_AWARENESS_LIMITS, type TAwarenessLimits } from "@/lib/realtime/decode/limits";

export type TAwarenessEntry = {
  clientID: number;
  clock: number;
  state: Record<string, unknown> | null;
};

export type TAwarenessCheck =
  | { ok: true; entries: TAwarenessEntry[] }
  | { ok: false; code: "too_large" | "malformed"; message: string };

const MAX_CLIENT_ID = 0xffff_ffff;

/**
 * Decodes a y-protocols awareness update ([count, then clientID, clock, JSON state each]) within
 * bounds. Synchronous on purpose: every length is checked before it is read, and JSON.parse of a
 * few kilobytes is cheap, so no worker is needed.
 */
export function validateAwarenessUpdate(
  update: Uint8Array,
  limits: TAwarenessLimits = DEFAULT_AWARENESS_LIMITS,
): TAwarenessCheck {
  if (!(update instanceof Uint8Array))
    return { ok: false, code: "malformed", message: "awareness is binary" };
  if (update.length > limits.maxBytes)
    return { ok: false, code: "too_large", message: "awareness update too large" };
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > limits.maxClients)
      return { ok: false, code: "too_large", message: "too many awareness clients" };
    const entries: TAwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (clientID > MAX_CLIENT_ID)
        return { ok: false, code: "malformed", message: "client id out of range" };
      const json = readBoundedString(decoder, limits.maxStateBytes);
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) {
        return { ok: false, code: "malformed", message: "an awareness state is an object or null" };
      }
      entries.push({ clientID, clock, state: state as Record<string, unknown> | null });
    }
    if (decoder.pos !== update.length)
      return { ok: false, code: "malformed", message: "trailing bytes" };
    return { ok: true, entries };
  } catch (error) {
    const tooLong = error instanceof RangeError && error.message.includes("over the limit");
    return tooLong
      ? { ok: false, code: "too_large", message: "awareness state too large" }
      : { ok: false, code: "malformed", message: "awareness update does not decode" };
  }
}
