import type * as Y from "yjs";
import { checkedQuote } from "@/lib/annotations/anchoring/check-quote";
import { chapterContext } from "@/lib/annotations/chapter-context";
import {
  applyCommentCommand,
  type TApplyCommentCommandOutcome,
  type TCommentCommandResult,
} from "@/lib/annotations/comment-commands";
import { afterCommentCommand } from "@/lib/annotations/comment-notifications";
import { readCommentPlan } from "@/lib/annotations/commands/comment-plan-reads";
import { ZCommentAnchor, ZCommentCommand } from "@/lib/annotations/comment-schemas";
import {
  writeCommentProjection,
  type ChapterContext,
} from "@/lib/annotations/write-comment-projection";
import { defineCommand } from "@/lib/documents/define-command";
import { AppError } from "@/lib/errors/app-error";

type Applied = Extract<TApplyCommentCommandOutcome, { ok: true }>;

/**
 * The comment commands on `chapter:<id>` (create, reply, edit, delete, resolve, reopen, react,
 * hide, re-anchor): any member may send them; who may do what to whose message is decided by
 * applyCommentCommand against the role (lib/access's table).
 */
export const commentCommand = defineCommand({
  name: "comment",
  kind: "chapter",
  schema: ZCommentCommand,
  permission: "comments.write",
  async plan(_input, payload, ctx, client) {
    const chapter: ChapterContext = await chapterContext(client, ctx.access.resourceId);
    // A well-formed anchor (a malformed one gets the schema's bad_request later) must name a
    // paragraph of this very chapter and quote that paragraph's own text at its position; the
    // server writes prefix and suffix itself from the paragraph (the client's are ignored).
    const anchor = ZCommentAnchor.safeParse(payload.anchor);
    const anchored =
      (payload.type === "comment.create" || payload.type === "thread.reanchor") && anchor.success;
    const namesIds = payload.type === "comment.create" || payload.type === "comment.reply";
    // Who hears of a new thread is read here too: the notifications after the ack then cost
    // no query when nobody is concerned. All of it in one statement under the lock.
    const read = await readCommentPlan(client, chapter.chapterId, {
      paragraph: anchored
        ? { id: anchor.data.paragraphId, field: "anchor.paragraphId" }
        : undefined,
      ids: namesIds
        ? {
            threadId:
              payload.type === "comment.create" && typeof payload.threadId === "string"
                ? payload.threadId
                : undefined,
            messageId: typeof payload.messageId === "string" ? payload.messageId : undefined,
          }
        : undefined,
      assignees: payload.type === "comment.create",
    });
    let command = payload;
    if (anchored && read.paragraphText !== undefined) {
      const selectors = checkedQuote(read.paragraphText, anchor.data, { field: "anchor.exact" });
      command = { ...payload, anchor: { ...anchor.data, ...selectors } };
    }
    if (read.takenElsewhere) throw new AppError("conflict", "that id already names something else");
    const assignees = read.assignees;
    // The rows the change touched, for the projection written in the same transaction.
    const changes: Applied["changes"] = [];
    return {
      chapter,
      assignees,
      changes,
      apply: (doc: Y.Doc) => {
        const outcome = applyCommentCommand(
          doc,
          command,
          { userId: ctx.actor.userId, role: ctx.access.role },
          ctx.now,
        );
        if (!outcome.ok) return outcome;
        changes.push(...outcome.changes);
        return { ok: true as const, result: outcome.result };
      },
    };
  },
  async project(client, _result, plan) {
    await writeCommentProjection(
      client,
      plan.chapter,
      plan.changes.map((change) => change.row),
    );
  },
  // Replies, mentions and new threads on assigned chapters notify people.
  async after(result, plan, ctx) {
    await afterCommentCommand({
      actorId: ctx.actor.userId,
      groupId: plan.chapter.groupId,
      chapterId: plan.chapter.chapterId,
      textId: plan.chapter.textId,
      commandId: ctx.commandId,
      result: result as TCommentCommandResult,
      assignees: plan.assignees,
    });
  },
});
