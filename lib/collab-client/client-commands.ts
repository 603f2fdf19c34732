import type { z } from "zod";
import type { ZCommentCommand } from "@/lib/annotations/comment-schemas";
import type { ZSessionCommand } from "@/lib/sessions/live/document/session-schemas";

/**
 * What a client may send on the `command` event, typed from the very zod schemas the server
 * parses it with (docs/realtime-protocol.schema.json is generated from them too): a command the
 * server would refuse for its shape does not compile.
 */
export type TCommentCommandInput = z.input<typeof ZCommentCommand>;
export type TSessionCommandInput = z.input<typeof ZSessionCommand>;
export type TClientCommand = TCommentCommandInput | TSessionCommandInput;

/** The fields of one command type, without the envelope (`id`, `doc`, `type`) a sender adds. */
export type TCommandFields<TUnion extends { type: string }, TType extends TUnion["type"]> = Omit<
  Extract<TUnion, { type: TType }>,
  "id" | "doc" | "type"
>;
