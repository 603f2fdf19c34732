import { commentCommand } from "@/lib/annotations/commands/comment-command";
import { sessionCommand } from "@/lib/sessions/live/document/commands/session-command";
import type { AnyCommandDefinition } from "@/lib/documents/define-command";
import type { TDocKind } from "@/lib/documents/names";

/**
 * Which command family each server-written document kind takes; the member-written kinds
 * (`notes`, `session-notes`) take Yjs updates and no commands.
 */
export const DOCUMENT_COMMANDS: Partial<Record<TDocKind, AnyCommandDefinition>> = {
  chapter: commentCommand as unknown as AnyCommandDefinition,
  session: sessionCommand as unknown as AnyCommandDefinition,
};
