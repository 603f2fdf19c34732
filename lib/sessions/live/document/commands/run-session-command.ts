import type { AnyCommandDefinition } from "@/lib/documents/define-command";
import { executeCommand, type CommandResult } from "@/lib/documents/execute";
import { sessionCommand } from "@/lib/sessions/live/document/commands/session-command";

const SESSION_COMMANDS = { session: sessionCommand as unknown as AnyCommandDefinition };

/**
 * A live-session command on a `session:` document from inside the app (the demo seed): the same
 * pipeline as a socket's `command`, on this process's live documents when it runs the socket
 * server, through the store otherwise.
 */
export function runSessionCommand(
  userId: string,
  payload: Record<string, unknown>,
  options: { now?: Date; afterEffects?: boolean } = {},
): Promise<CommandResult> {
  return executeCommand({ userId }, payload, { commands: SESSION_COMMANDS, ...options });
}
