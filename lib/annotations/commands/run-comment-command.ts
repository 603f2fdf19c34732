import { DOCUMENT_COMMANDS } from "@/lib/realtime/document-commands";
import { executeCommand, type CommandResult } from "@/lib/documents/execute";

/**
 * A document command from inside the app (moderation, annotation import, the held-comment
 * reveal, the demo seed): the same pipeline as a socket's `command`, on this process's live
 * documents when it runs the socket server, through the store otherwise.
 */
export function runDocumentCommand(
  userId: string,
  payload: Record<string, unknown>,
  options: { now?: Date; afterEffects?: boolean } = {},
): Promise<CommandResult> {
  return executeCommand({ userId }, payload, { commands: DOCUMENT_COMMANDS, ...options });
}
