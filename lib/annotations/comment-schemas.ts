import { z } from "zod";

/**
 * The commands a member sends to change a chapter's comment document. The server alone writes
 * that document, so these schemas are the whole surface a client can reach. Unknown keys are
 * stripped: a client-sent `authorId`, `createdAt` or `editedAt` never reaches the document.
 */

import { ZClientId, ZEntityId } from "@/lib/documents/ids";

export { ZClientId, ZEntityId };

export const MAX_BODY_CHARS = 10_000;
export const MAX_QUOTE_CHARS = 2_000;
export const MAX_CONTEXT_CHARS = 256;
/** Positions are UTF-16 offsets inside one paragraph; no paragraph is anywhere near this long. */
export const MAX_PARAGRAPH_OFFSET = 1_000_000;

export const ZCommentBody = z
  .string()
  .max(MAX_BODY_CHARS, `at most ${MAX_BODY_CHARS} characters`)
  .refine((body) => body.trim().length > 0, "the comment is empty");

export const ZCommentAnchor = z
  .object({
    chapterId: ZEntityId,
    paragraphId: ZEntityId,
    start: z.number().int().min(0).max(MAX_PARAGRAPH_OFFSET),
    end: z.number().int().min(0).max(MAX_PARAGRAPH_OFFSET),
    exact: z.string().max(MAX_QUOTE_CHARS),
    prefix: z.string().max(MAX_CONTEXT_CHARS),
    suffix: z.string().max(MAX_CONTEXT_CHARS),
  })
  .refine((anchor) => anchor.start <= anchor.end, {
    message: "start must not be after end",
    path: ["end"],
  });

export type TCommentAnchor = z.infer<typeof ZCommentAnchor>;

/** A small fixed set keeps the reaction bar readable and the document small. */
export const REACTION_EMOJI = ["👍", "❤️", "😂", "🤔", "💡", "❓"] as const;
export type TReactionEmoji = (typeof REACTION_EMOJI)[number];

const ZCommandBase = z.object({ doc: z.string().min(1).max(100), id: ZClientId });

export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 64;
/** Tags of a thread (kept from imported Hypothesis tags and Web Annotation `tagging` bodies). */
export const ZThreadTags = z
  .array(
    z.string().trim().min(1).max(MAX_TAG_CHARS, `tags are at most ${MAX_TAG_CHARS} characters`),
  )
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags`);

export const ZCommentCreate = ZCommandBase.extend({
  type: z.literal("comment.create"),
  threadId: ZClientId,
  messageId: ZClientId,
  anchor: ZCommentAnchor,
  body: ZCommentBody,
  tags: ZThreadTags.optional(),
});
export const ZCommentReply = ZCommandBase.extend({
  type: z.literal("comment.reply"),
  threadId: ZClientId,
  messageId: ZClientId,
  body: ZCommentBody,
});
export const ZCommentEdit = ZCommandBase.extend({
  type: z.literal("comment.edit"),
  threadId: ZClientId,
  messageId: ZClientId,
  body: ZCommentBody,
});
export const ZCommentDelete = ZCommandBase.extend({
  type: z.literal("comment.delete"),
  threadId: ZClientId,
  messageId: ZClientId,
});
export const ZThreadResolve = ZCommandBase.extend({
  type: z.literal("thread.resolve"),
  threadId: ZClientId,
});
export const ZThreadReopen = ZCommandBase.extend({
  type: z.literal("thread.reopen"),
  threadId: ZClientId,
});
export const ZReactionToggle = ZCommandBase.extend({
  type: z.literal("reaction.toggle"),
  threadId: ZClientId,
  messageId: ZClientId,
  emoji: z.enum(REACTION_EMOJI),
});

/**
 * A moderator hides a message (`hidden: true`) or shows it again. Every member can read the
 * chapter document, so hiding takes the body out of it; the server keeps the body elsewhere with
 * `token`, a secret it made, and the document keeps only a digest of token and body. Unhiding
 * must send that token and the very body back, so nobody can put other words in the message.
 */
export const HIDE_TOKEN_MIN_CHARS = 32;
export const ZCommentHide = ZCommandBase.extend({
  type: z.literal("comment.hide"),
  threadId: ZClientId,
  messageId: ZClientId,
  hidden: z.boolean(),
  token: z.string().min(HIDE_TOKEN_MIN_CHARS).max(128),
  /** Unhiding only: the body the server kept. */
  body: z.string().max(MAX_BODY_CHARS).optional(),
});

/** A moderator re-attaches a thread whose passage changed (orphaned or doubtful) by hand. */
export const ZThreadReanchor = ZCommandBase.extend({
  type: z.literal("thread.reanchor"),
  threadId: ZClientId,
  anchor: ZCommentAnchor,
});

export const ZCommentCommand = z.discriminatedUnion("type", [
  ZCommentCreate,
  ZCommentReply,
  ZCommentEdit,
  ZCommentDelete,
  ZThreadResolve,
  ZThreadReopen,
  ZReactionToggle,
  ZCommentHide,
  ZThreadReanchor,
]);

export type TCommentCommand = z.infer<typeof ZCommentCommand>;
export type TCommentCommandType = TCommentCommand["type"];
export const COMMENT_COMMAND_TYPES = ZCommentCommand.options.map(
  (option) => option.shape.type.value,
);
