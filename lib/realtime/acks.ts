import type { CommandResult } from "@/lib/documents/execute";

/**
 * The socket transport's only translation of a command's result: `{ ok: true, ...result }`
 * (with `duplicate: true` for a repeated id), or `{ ok: false, error: <AppError code>, message }`.
 * The wire format is docs/realtime-protocol.md's.
 */
export type CommandAck =
  ({ ok: true } & Record<string, unknown>) | { ok: false; error: string; message: string };

export function commandAck(result: CommandResult): CommandAck {
  if (!result.ok) return { ok: false, error: result.error.code, message: result.error.message };
  return { ok: true, ...result.result, ...(result.duplicate ? { duplicate: true } : {}) };
}
