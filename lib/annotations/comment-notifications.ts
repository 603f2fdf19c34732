import type { TCommentCommandResult } from "@/lib/annotations/comment-commands";
import { IMPORT_COMMAND_PREFIX } from "@/lib/annotations/import-annotations";
import { plainTextExcerpt } from "@/lib/annotations/markdown/comment-plain-text";
import { parseMentions } from "@/lib/annotations/mentions";
import { db } from "@/lib/db/prisma";
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

async function assignedMembers(chapterId: string, memberIds: readonly string[]): Promise<string[]> {
  const assignments = await db.assignment.findMany({
    where: { chapterId },
    select: { forEveryone: true, members: { select: { userId: true } } },
  });
  if (assignments.some((assignment) => assignment.forEveryone)) return [...memberIds];
  return assignments.flatMap((assignment) => assignment.members.map((member) => member.userId));
}

/**
 * In-app notifications after a comment command succeeded: a reply tells the thread's author and
 * earlier participants, an @mention the member named, a new thread the members assigned the
 * chapter. Never the actor; at most one notification per recipient and message
 * (`dedupeKey`), so a retried command or an edit that keeps a mention does not notify twice.
 * Pushed live through the realtime registry. Returns the notifications created.
 */
export async function afterCommentCommand(
  input: TAfterCommentCommand,
): Promise<Array<{ id: string; userId: string; kind: TCommentNotificationKind }>> {
  const { result } = input;
  if (input.commandId?.startsWith(IMPORT_COMMAND_PREFIX)) return [];
  if (!result.changed || !result.messageId) return [];
  if (!["comment.create", "comment.reply", "comment.edit"].includes(result.type)) return [];
  const message = result.thread.messages.find((entry) => entry.id === result.messageId);
  if (!message || message.deleted || message.hidden) return [];

  const members = await db.membership.findMany({
    where: { groupId: input.groupId },
    select: { userId: true, user: { select: { name: true } } },
  });
  const memberIds = members.map((member) => member.userId);
  const mentioned = parseMentions(
    message.body,
    members.map((member) => ({ id: member.userId, name: member.user.name })),
  );
  const recipients = commentRecipients({
    actorId: input.actorId,
    type: result.type,
    messageId: message.id,
    thread: result.thread,
    memberIds: new Set(memberIds),
    mentioned,
    assigned:
      result.type === "comment.create" ? await assignedMembers(input.chapterId, memberIds) : [],
  });
  if (recipients.size === 0) return [];

  const actorName =
    members.find((member) => member.userId === input.actorId)?.user.name ??
    (await db.user.findUnique({ where: { id: input.actorId }, select: { name: true } }))?.name ??
    "Someone";
  const payload: TCommentNotificationPayload = {
    groupId: input.groupId,
    textId: input.textId,
    chapterId: input.chapterId,
    threadId: result.threadId,
    messageId: message.id,
    actorId: input.actorId,
    actorName,
    excerpt: commentExcerpt(message.body),
    url: `${chapterPath(input.groupId, input.textId, input.chapterId)}#thread-${result.threadId}`,
  };
  const created = await db.notification.createManyAndReturn({
    data: [...recipients].map(([userId, kind]) => ({
      userId,
      groupId: input.groupId,
      kind,
      payload,
      dedupeKey: `comment:${message.id}:${userId}`,
    })),
    skipDuplicates: true,
    select: { id: true, userId: true, kind: true },
  });
  const push = realtimeRegistry().onNotification;
  if (push) {
    await Promise.all(
      created.map((row) =>
        push(row.userId, { id: row.id, kind: row.kind }).catch((error: unknown) =>
          console.error("[notifications] live push failed:", error),
        ),
      ),
    );
  }
  return created.map((row) => ({ ...row, kind: row.kind as TCommentNotificationKind }));
}
