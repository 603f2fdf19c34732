import { digest } from "lib0/hash/sha256";
import { toHexString } from "lib0/buffer";
import * as Y from "yjs";
import { can } from "@/lib/access/permissions";
import {
  fail,
  parseDocCommand,
  type TCommandFailure,
  type TGroupRole,
} from "@/lib/annotations/command-outcome";
import {
  COMMENT_COMMAND_ORIGIN,
  findMessage,
  messageIndex,
  messagesOf,
  readThread,
  threadsMap,
  type TThreadSnapshot,
} from "@/lib/annotations/comment-document";
import { commentRowsForThread, type ProjectionChange } from "@/lib/annotations/comment-projection";
import {
  ZCommentCommand,
  type TCommentCommand,
  type TReactionEmoji,
} from "@/lib/annotations/comment-schemas";

export type {
  TCommandErrorCode,
  TCommandFailure,
  TGroupRole,
} from "@/lib/annotations/command-outcome";
export type TCommentActor = { userId: string; role: TGroupRole };

export type TCommentCommandResult = {
  type: TCommentCommand["type"];
  threadId: string;
  messageId: string | null;
  /** The thread as it is after the command, for the acknowledgement. */
  thread: TThreadSnapshot;
  /** false when the command asked for what already was (resolve a resolved thread, delete twice). */
  changed: boolean;
  /** reaction.toggle only: whether the actor's reaction is now on. */
  reactionActive?: boolean;
};

export type TApplyCommentCommandOutcome =
  { ok: true; result: TCommentCommandResult; changes: ProjectionChange[] } | TCommandFailure;

type Context = { doc: Y.Doc; chapterId: string; actor: TCommentActor; at: string };

/** What a handler decided: refuse, or apply `mutate` (if any) and report on these messages. */
type Plan =
  | TCommandFailure
  | {
      ok: true;
      threadId: string;
      messageId: string | null;
      mutate: (() => void) | null;
      touched: "message" | "thread";
      reactionActive?: boolean;
    };

function idTaken(doc: Y.Doc, id: string): boolean {
  return threadsMap(doc).has(id) || messageIndex(doc).has(id);
}

function newMessage(id: string, authorId: string, body: string, at: string): Y.Map<unknown> {
  const message = new Y.Map<unknown>();
  message.set("id", id);
  message.set("authorId", authorId);
  message.set("body", body);
  message.set("createdAt", at);
  return message;
}

function lookup(
  ctx: Context,
  threadId: string,
  messageId: string,
): TCommandFailure | { ok: true; thread: Y.Map<unknown>; message: Y.Map<unknown> } {
  const thread = threadsMap(ctx.doc).get(threadId);
  if (!(thread instanceof Y.Map)) return fail("not_found", "no such thread");
  const message = findMessage(thread, messageId);
  if (!message) return fail("not_found", "no such message in this thread");
  return { ok: true, thread, message };
}

function planCreate(ctx: Context, cmd: Extract<TCommentCommand, { type: "comment.create" }>): Plan {
  if (cmd.anchor.chapterId !== ctx.chapterId)
    return fail("bad_request", "the anchor names another chapter");
  if (cmd.threadId === cmd.messageId)
    return fail("conflict", "thread and message need different ids");
  if (idTaken(ctx.doc, cmd.threadId)) return fail("conflict", "threadId is already in use");
  if (idTaken(ctx.doc, cmd.messageId)) return fail("conflict", "messageId is already in use");
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: cmd.messageId,
    touched: "message",
    mutate: () => {
      const thread = new Y.Map<unknown>();
      thread.set("id", cmd.threadId);
      thread.set("authorId", ctx.actor.userId);
      thread.set("createdAt", ctx.at);
      thread.set("anchor", { ...cmd.anchor });
      thread.set("resolved", false);
      thread.set("resolvedBy", null);
      thread.set("resolvedAt", null);
      if (cmd.tags && cmd.tags.length > 0) thread.set("tags", [...new Set(cmd.tags)]);
      const messages = new Y.Array<Y.Map<unknown>>();
      messages.push([newMessage(cmd.messageId, ctx.actor.userId, cmd.body, ctx.at)]);
      thread.set("messages", messages);
      threadsMap(ctx.doc).set(cmd.threadId, thread);
      messageIndex(ctx.doc).set(cmd.messageId, cmd.threadId);
    },
  };
}

function planReply(ctx: Context, cmd: Extract<TCommentCommand, { type: "comment.reply" }>): Plan {
  const thread = threadsMap(ctx.doc).get(cmd.threadId);
  if (!(thread instanceof Y.Map)) return fail("not_found", "no such thread");
  if (idTaken(ctx.doc, cmd.messageId)) return fail("conflict", "messageId is already in use");
  const messages = messagesOf(thread);
  if (!messages) return fail("not_found", "no such thread");
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: cmd.messageId,
    touched: "message",
    mutate: () => {
      messages.push([newMessage(cmd.messageId, ctx.actor.userId, cmd.body, ctx.at)]);
      messageIndex(ctx.doc).set(cmd.messageId, cmd.threadId);
    },
  };
}

function planEdit(ctx: Context, cmd: Extract<TCommentCommand, { type: "comment.edit" }>): Plan {
  const found = lookup(ctx, cmd.threadId, cmd.messageId);
  if (!found.ok) return found;
  const { message } = found;
  // Moderators remove; they do not put words in someone else's mouth.
  if (message.get("authorId") !== ctx.actor.userId)
    return fail("forbidden", "only the author edits a message");
  if (message.get("deleted") === true) return fail("conflict", "the message was deleted");
  if (message.get("hidden") === true)
    return fail("conflict", "a moderator hid the message; it cannot be edited while hidden");
  const unchanged = message.get("body") === cmd.body;
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: cmd.messageId,
    touched: "message",
    mutate: unchanged
      ? null
      : () => {
          message.set("body", cmd.body);
          message.set("editedAt", ctx.at);
        },
  };
}

function planDelete(ctx: Context, cmd: Extract<TCommentCommand, { type: "comment.delete" }>): Plan {
  const found = lookup(ctx, cmd.threadId, cmd.messageId);
  if (!found.ok) return found;
  const { message } = found;
  if (message.get("authorId") !== ctx.actor.userId && !can(ctx.actor.role, "comments.moderate")) {
    return fail("forbidden", "only the author or a moderator deletes a message");
  }
  const already = message.get("deleted") === true;
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: cmd.messageId,
    touched: "message",
    mutate: already
      ? null
      : () => {
          message.set("deleted", true);
          message.set("body", "");
          message.set("deletedBy", ctx.actor.userId);
          message.set("deletedAt", ctx.at);
          // Reactions on a removed message would point at nothing.
          message.delete("reactions");
          for (const key of HIDDEN_KEYS) message.delete(key);
        },
  };
}

function planResolution(
  ctx: Context,
  cmd: Extract<TCommentCommand, { type: "thread.resolve" | "thread.reopen" }>,
): Plan {
  const thread = threadsMap(ctx.doc).get(cmd.threadId);
  if (!(thread instanceof Y.Map)) return fail("not_found", "no such thread");
  if (thread.get("authorId") !== ctx.actor.userId && !can(ctx.actor.role, "comments.moderate")) {
    return fail("forbidden", "only the thread's author or a moderator resolves or reopens it");
  }
  const resolve = cmd.type === "thread.resolve";
  const unchanged = (thread.get("resolved") === true) === resolve;
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: null,
    touched: "thread",
    mutate: unchanged
      ? null
      : () => {
          thread.set("resolved", resolve);
          thread.set("resolvedBy", resolve ? ctx.actor.userId : null);
          thread.set("resolvedAt", resolve ? ctx.at : null);
        },
  };
}

function planReanchor(
  ctx: Context,
  cmd: Extract<TCommentCommand, { type: "thread.reanchor" }>,
): Plan {
  const thread = threadsMap(ctx.doc).get(cmd.threadId);
  if (!(thread instanceof Y.Map)) return fail("not_found", "no such thread");
  if (!can(ctx.actor.role, "comments.moderate"))
    return fail("forbidden", "only moderators re-attach a thread");
  if (cmd.anchor.chapterId !== ctx.chapterId) {
    return fail("bad_request", "a thread is re-attached within its own chapter");
  }
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: null,
    touched: "thread",
    mutate: () => {
      thread.set("anchor", { ...cmd.anchor });
      thread.set("reanchoredBy", ctx.actor.userId);
      thread.set("reanchoredAt", ctx.at);
    },
  };
}

function planReaction(
  ctx: Context,
  cmd: Extract<TCommentCommand, { type: "reaction.toggle" }>,
): Plan {
  const found = lookup(ctx, cmd.threadId, cmd.messageId);
  if (!found.ok) return found;
  const { message } = found;
  if (message.get("deleted") === true) return fail("conflict", "the message was deleted");
  if (message.get("hidden") === true) return fail("conflict", "a moderator hid the message");
  const emoji: TReactionEmoji = cmd.emoji;
  const reactions = message.get("reactions");
  const users = reactions instanceof Y.Map ? (reactions as Y.Map<unknown>).get(emoji) : undefined;
  const active = users instanceof Y.Map && (users as Y.Map<unknown>).has(ctx.actor.userId);
  return {
    ok: true,
    threadId: cmd.threadId,
    messageId: cmd.messageId,
    touched: "message",
    reactionActive: !active,
    mutate: () => {
      let byEmoji = message.get("reactions");
      if (!(byEmoji instanceof Y.Map)) {
        byEmoji = new Y.Map<Y.Map<string>>();
        message.set("reactions", byEmoji);
      }
      const map = byEmoji as Y.Map<Y.Map<string>>;
      let who = map.get(emoji);
      if (!(who instanceof Y.Map)) {
        who = new Y.Map<string>();
        map.set(emoji, who);
      }
      if (active) {
        who.delete(ctx.actor.userId);
        if (who.size === 0) map.delete(emoji);
      } else {
        who.set(ctx.actor.userId, ctx.at);
      }
    },
  };
}

const HIDDEN_KEYS = ["hidden", "hiddenBy", "hiddenAt", "hiddenDigest"] as const;

/** Binds a hidden body to the server's secret token; the document keeps only this. */
export function hiddenBodyDigest(token: string, body: string): string {
  return toHexString(digest(new TextEncoder().encode(`${token}\n${body}`)));
}

function planHide(ctx: Context, cmd: Extract<TCommentCommand, { type: "comment.hide" }>): Plan {
  if (!can(ctx.actor.role, "comments.moderate"))
    return fail("forbidden", "only moderators hide messages");
  const found = lookup(ctx, cmd.threadId, cmd.messageId);
  if (!found.ok) return found;
  const { message } = found;
  if (message.get("deleted") === true) return fail("conflict", "the message was deleted");
  const hiddenNow = message.get("hidden") === true;
  const base = { ok: true as const, threadId: cmd.threadId, messageId: cmd.messageId };
  if (cmd.hidden) {
    return {
      ...base,
      touched: "message",
      mutate: hiddenNow
        ? null
        : () => {
            const body = message.get("body");
            message.set("hidden", true);
            message.set("hiddenBy", ctx.actor.userId);
            message.set("hiddenAt", ctx.at);
            message.set(
              "hiddenDigest",
              hiddenBodyDigest(cmd.token, typeof body === "string" ? body : ""),
            );
            message.set("body", "");
          },
    };
  }
  if (!hiddenNow) return { ...base, touched: "message", mutate: null };
  if (cmd.body === undefined) return fail("bad_request", "body: the hidden body is required");
  if (message.get("hiddenDigest") !== hiddenBodyDigest(cmd.token, cmd.body))
    return fail("forbidden", "that is not the body that was hidden");
  const body = cmd.body;
  return {
    ...base,
    touched: "message",
    mutate: () => {
      message.set("body", body);
      for (const key of HIDDEN_KEYS) message.delete(key);
    },
  };
}

function plan(ctx: Context, cmd: TCommentCommand): Plan {
  switch (cmd.type) {
    case "comment.create":
      return planCreate(ctx, cmd);
    case "comment.reply":
      return planReply(ctx, cmd);
    case "comment.edit":
      return planEdit(ctx, cmd);
    case "comment.delete":
      return planDelete(ctx, cmd);
    case "thread.resolve":
    case "thread.reopen":
      return planResolution(ctx, cmd);
    case "reaction.toggle":
      return planReaction(ctx, cmd);
    case "comment.hide":
      return planHide(ctx, cmd);
    case "thread.reanchor":
      return planReanchor(ctx, cmd);
  }
}

/**
 * Checks and applies one member's command to a chapter's comment document, inside one
 * transaction with origin COMMENT_COMMAND_ORIGIN. The server stamps author and times itself.
 * Idempotency by command id is the caller's (its processed-commands table): a replayed create
 * is reported here as `conflict`. The caller has already checked that the actor belongs to the
 * chapter's group; `command` is untrusted input and is validated here.
 */
export function applyCommentCommand(
  doc: Y.Doc,
  command: unknown,
  actor: TCommentActor,
  now: Date,
): TApplyCommentCommandOutcome {
  const parsed = parseDocCommand(ZCommentCommand, command, "chapter", actor, now);
  if (!parsed.ok) return parsed;
  const { cmd } = parsed;
  const chapterId = parsed.docId;

  const ctx: Context = { doc, chapterId, actor, at: parsed.at };
  const decided = plan(ctx, cmd);
  if (!decided.ok) return decided;

  const { mutate } = decided;
  if (mutate) doc.transact(mutate, COMMENT_COMMAND_ORIGIN);

  const threadMap = threadsMap(doc).get(decided.threadId);
  if (!(threadMap instanceof Y.Map)) throw new Error("thread vanished while applying a command");
  const thread = readThread(threadMap);
  const only =
    decided.touched === "message" && decided.messageId ? new Set([decided.messageId]) : undefined;
  const changes: ProjectionChange[] = mutate
    ? commentRowsForThread(chapterId, thread, only).map((row) => ({ kind: "comment.upsert", row }))
    : [];
  const result: TCommentCommandResult = {
    type: cmd.type,
    threadId: decided.threadId,
    messageId: decided.messageId,
    thread,
    changed: mutate !== null,
  };
  if (decided.reactionActive !== undefined) result.reactionActive = decided.reactionActive;
  return { ok: true, result, changes };
}
