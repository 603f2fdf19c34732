/** Bounds on what one peer may send in one frame. Callers may pass tighter ones. */
export type TUpdateLimits = { maxBytes: number; timeoutMs: number };
export type TAwarenessLimits = { maxBytes: number; maxClients: number; maxStateBytes: number };

/** A pasted chapter of notes fits in 1 MB; decoding that takes milliseconds, so 2 s means trouble. */
export const DEFAULT_UPDATE_LIMITS: TUpdateLimits = { maxBytes: 1_000_000, timeoutMs: 2_000 };

/** Awareness is a name, a colour and a cursor: a few hundred bytes per client. */
export const DEFAULT_AWARENESS_LIMITS: TAwarenessLimits = {
  maxBytes: 32_768,
  maxClients: 16,
  maxStateBytes: 8_192,
};

export type TDecodeFailureCode = "too_large" | "malformed" | "timeout";
export type TDecodeCheck = { ok: true } | { ok: false; code: TDecodeFailureCode; message: string };
