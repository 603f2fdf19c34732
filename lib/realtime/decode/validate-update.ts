import { DecodePool, type TUpdateFormat } from "@/lib/realtime/decode/decode-pool";
import type { TDecodeCheck, TUpdateLimits } from "@/lib/realtime/decode/limits";
import { isEmptyUpdate, precheckUpdate } from "@/lib/realtime/decode/precheck-update";

/**
 * One pool per process. Kept on globalThis because Next's bundled code and server.ts may load
 * separate copies of this module; they should not each start their own threads.
 */
const globalForDecode = globalThis as unknown as { marginaliaDecodePool?: DecodePool };

export function sharedDecodePool(): DecodePool {
  globalForDecode.marginaliaDecodePool ??= new DecodePool();
  return globalForDecode.marginaliaDecodePool;
}

export async function closeSharedDecodePool(): Promise<void> {
  const pool = globalForDecode.marginaliaDecodePool;
  delete globalForDecode.marginaliaDecodePool;
  await pool?.close();
}

/**
 * Decides whether an untrusted Yjs update is safe to apply to a live document: a cheap
 * synchronous pre-check, then a full decode and apply on a scratch document in a worker thread
 * that is killed if it takes longer than `timeoutMs`.
 */
export async function validateUpdate(
  update: Uint8Array,
  opts: TUpdateLimits & { format?: TUpdateFormat; pool?: DecodePool },
): Promise<TDecodeCheck> {
  const format = opts.format ?? "v1";
  if (format === "v1") {
    const pre = precheckUpdate(update, opts.maxBytes);
    if (!pre.ok) return pre;
    if (isEmptyUpdate(update)) return { ok: true };
  } else if (!(update instanceof Uint8Array) || update.length > opts.maxBytes) {
    return {
      ok: false,
      code: update instanceof Uint8Array ? "too_large" : "malformed",
      message: "bad v2 update",
    };
  }
  return (opts.pool ?? sharedDecodePool()).decode(update, opts.timeoutMs, format);
}
