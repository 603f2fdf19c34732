import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { TCommentCommandResult } from "@/lib/annotations/comment-commands";
import { IMPORT_COMMAND_PREFIX } from "@/lib/annotations/import-annotations";
import { plainTextExcerpt } from "@/lib/annotations/markdown/comment-plain-text";
import {
  MENTION_TOKEN_PATTERN,
  parseMentions,
  type TMentionMember,
} from "@/lib/annotations/mentions";
import { getPool } from "@/lib/db/pool";
import { realtimeRegistry } from "@/lib/app/realtime-registry";
import { chapterPath } from "@/lib/texts/reader-urls";

export type TCommentNotificationKind = "comment.reply" | "comment.mention" | "comment.assigned";

export type TCommentNotificationPayload = {
  groupId: string;
  textId: string;
  chapterId: string;
  threadId: string;
  messageId: string;
  actorId: string;
  actorName: string;
  excerpt: string;
  url: string;
};

export type TAfterCommentCommand = {
  actorId: string;
  groupId: string;
  chapterId: string;
  textId: string;
  /** The command's id: imports (IMPORT_COMMAND_PREFIX) notify nobody, a file is not a conversation. */
  commandId?: string;
  /** The ack result of a successful comment command. */
  result: Pick<TCommentCommandResult, "type" | "threadId" | "messageId" | "thread" | "changed">;
};

const EXCERPT_CHARS = 140;

/** The comment as plain text (Markdown rendered away, mentions as names), one line, cut at a word. */
export function commentExcerpt(body: string, max = EXCERPT_CHARS): string {
  return plainTextExcerpt(body, max);
}

/** Why each member hears of a message; one reason per member, the most personal wins. */
export function commentRecipients(input: {
  actorId: string;
  type: TCommentCommandResult["type"];
  messageId: string;
  thread: TCommentCommandResult["thread"];
  memberIds: ReadonlySet<string>;
  mentioned: readonly string[];
  assigned: readonly string[];
}): Map<string, TCommentNotificationKind> {
  const recipients = new Map<string, TCommentNotificationKind>();
  const add = (userId: string, kind: TCommentNotificationKind) => {
    if (userId === input.actorId || !input.memberIds.has(userId) || recipients.has(userId)) return;
    recipients.set(userId, kind);
  };
  for (const userId of input.mentioned) add(userId, "comment.mention");
  if (input.type === "comment.reply") {
    add(input.thread.authorId, "comment.reply");
    for (const message of input.thread.messages) {
      if (message.id === input.messageId) break;
      add(message.authorId, "comment.reply");
    }
  }
  if (input.type === "comment.create")
    for (const userId of input.assigned) add(userId, "comment.assigned");
  return recipients;
}

/** Who a chapter is assigned to: everyone in the group, or the members listed. */
export type TChapterAssignees = { everyone: boolean; userIds: string[] };

type Queryable = Pick<pg.ClientBase, "query">;

/** One statement; a comment.create reads it inside its own transaction (no transaction more). */
export async function chapterAssignees(
  q: Queryable,
  chapterId: string,
): Promise<TChapterAssignees> {
  const found = await q.query<{ everyone: boolean | null; userIds: string[] | null }>(
    `SELECT bool_or(a."forEveryone") AS everyone,
            array_remove(array_agg(DISTINCT am."userId"), NULL) AS "userIds"
       FROM "Assignment" a LEFT JOIN "AssignmentMember" am ON am."assignmentId" = a.id
      WHERE a."chapterId" = $1`,
    [chapterId],
  );
  const row = found.rows[0];
  return { everyone: row?.everyone === true, userIds: row?.userIds ?? [] };
}

/** A mention typed as `@Name` (not a token): only then are the members' names needed. */
function hasTypedMention(body: string): boolean {
  return /(^|[^\p{L}\p{N}_])@[^\s@]/u.test(body.replace(MENTION_TOKEN_PATTERN, " "));
}

/**
 * In-app notifications after a comment command succeeded: a reply tells the thread's author and
 * earlier participants, an @mention the member named, a new thread the members assigned the
 * chapter. Never the actor; at most one notification per recipient and message
 * (`dedupeKey`), so a retried command or an edit that keeps a mention does not notify twice.
 * Pushed live through the realtime registry. Returns the notifications created.
 *
 * Its cost follows the people concerned, not the group's size (issue 18's soak): mention tokens
 * and thread participants are ids already; the members' names are read only for a typed
 * `@Name`, all member ids only for a new thread on a chapter assigned to everyone; membership
 * is checked by the one INSERT that writes the rows. A comment that concerns nobody costs no
 * query at all when the command passed the chapter's assignees (read in its transaction).
 */
export async function afterCommentCommand(
  input: TAfterCommentCommand & { assignees?: TChapterAssignees },
  client?: Queryable,
): Promise<Array<{ id: string; userId: string; kind: TCommentNotificationKind }>> {
  const { result } = input;
  if (input.commandId?.startsWith(IMPORT_COMMAND_PREFIX)) return [];
  if (!result.changed || !result.messageId) return [];
  if (!["comment.create", "comment.reply", "comment.edit"].includes(result.type)) return [];
  const message = result.thread.messages.find((entry) => entry.id === result.messageId);
  if (!message || message.deleted || message.hidden) return [];

  const q = client ?? getPool();
  const named = hasTypedMention(message.body)
    ? (
        await q.query<TMentionMember>(
          `SELECT m."userId" AS id, u.name FROM "Membership" m JOIN "User" u ON u.id = m."userId"
            WHERE m."groupId" = $1`,
          [input.groupId],
        )
      ).rows
    : [...message.body.matchAll(MENTION_TOKEN_PATTERN)].map((token) => ({
        id: token[2] ?? "",
        name: "",
      }));
  const mentioned = parseMentions(message.body, named);
  let assigned: string[] = [];
  if (result.type === "comment.create") {
    const assignees = input.assignees ?? (await chapterAssignees(q, input.chapterId));
    assigned = assignees.everyone
      ? (
          await q.query<{ userId: string }>(
            `SELECT "userId" FROM "Membership" WHERE "groupId" = $1`,
            [input.groupId],
          )
        ).rows.map((row) => row.userId)
      : assignees.userIds;
  }
  const candidates = new Set([
    ...mentioned,
    ...assigned,
    result.thread.authorId,
    ...result.thread.messages.map((entry) => entry.authorId),
  ]);
  const recipients = commentRecipients({
    actorId: input.actorId,
    type: result.type,
    messageId: message.id,
    thread: result.thread,
    // Who of them is still a member is checked where the rows are written.
    memberIds: candidates,
    mentioned,
    assigned,
  });
  if (recipients.size === 0) return [];

  const payload: Omit<TCommentNotificationPayload, "actorName"> = {
    groupId: input.groupId,
    textId: input.textId,
    chapterId: input.chapterId,
    threadId: result.threadId,
    messageId: message.id,
    actorId: input.actorId,
    excerpt: commentExcerpt(message.body),
    url: `${chapterPath(input.groupId, input.textId, input.chapterId)}#thread-${result.threadId}`,
  };
  const userIds = [...recipients.keys()];
  const created = await q.query<{ id: string; userId: string; kind: TCommentNotificationKind }>(
    `INSERT INTO "Notification" (id, "userId", "groupId", kind, payload, "dedupeKey")
     SELECT r.id, r."userId", $3, r.kind,
            $4::jsonb || jsonb_build_object('actorName',
              COALESCE((SELECT name FROM "User" WHERE id = $5), 'Someone')),
            $6 || r."userId"
       FROM unnest($1::text[], $2::text[], $7::text[]) AS r("userId", kind, id)
       JOIN "Membership" m ON m."groupId" = $3 AND m."userId" = r."userId"
     ON CONFLICT ("dedupeKey") DO NOTHING
     RETURNING id, "userId", kind`,
    [
      userIds,
      userIds.map((userId) => recipients.get(userId)),
      input.groupId,
      JSON.stringify(payload),
      input.actorId,
      `comment:${message.id}:`,
      userIds.map(() => randomUUID()),
    ],
  );
  const push = realtimeRegistry().onNotification;
  if (push) {
    await Promise.all(
      created.rows.map((row) =>
        push(row.userId, { id: row.id, kind: row.kind }).catch((error: unknown) =>
          console.error("[notifications] live push failed:", error),
        ),
      ),
    );
  }
  return created.rows;
}
