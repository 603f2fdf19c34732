import { commentCommand } from "@/lib/annotations/commands/comment-command";
import type { AnyCommandDefinition } from "@/lib/documents/define-command";
import { executeCommand, type CommandResult } from "@/lib/documents/execute";

// Only the comment family: the live-session family sits above annotations (lib/sessions/live
// imports annotations, never the reverse), so its runner lives there (run-session-command.ts).
const COMMENT_COMMANDS = { chapter: commentCommand as unknown as AnyCommandDefinition };

/**
 * A comment command on a `chapter:` document from inside the app (moderation, annotation import,
 * the held-comment reveal, the demo seed): the same pipeline as a socket's `command`, on this
 * process's live documents when it runs the socket server, through the store otherwise.
 */
export function runCommentCommand(
  userId: string,
  payload: Record<string, unknown>,
  options: { now?: Date; afterEffects?: boolean } = {},
): Promise<CommandResult> {
  return executeCommand({ userId }, payload, { commands: COMMENT_COMMANDS, ...options });
}
