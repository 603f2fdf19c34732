import type pg from "pg";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/prisma";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";

/**
 * Ids that a request names besides the resource it was authorised on (a paragraph in a comment
 * anchor, a chapter in a spotlight, a member in a mention or an assignment) must belong to the
 * actor's group, and usually to one chapter or session of it. authorize() answers for the
 * resource in the path; these answer for every other id, so that no id of another group ever
 * reaches a write or a render. One place, used by route handlers, domain code and socket
 * commands alike.
 *
 * Every check refuses the whole request with an AppError (nothing is written): by default
 * not_found, as for a path id of another group (whether it exists elsewhere is not revealed);
 * callers whose documented answer for a bad body id is 400 pass `code: "bad_request"`.
 */
/** The tables read here: the process's client or a transaction (a check inside it holds). */
type Reader = Pick<
  Prisma.TransactionClient,
  "chapter" | "membership" | "paragraph" | "discussionSession" | "text"
>;

export type OwnedIdOptions = {
  /** Inside a transaction, read through it (the check then holds for what the tx writes). */
  client?: Reader;
  code?: Extract<AppErrorCode, "not_found" | "bad_request">;
};

function refuse(
  options: OwnedIdOptions,
  message: string,
  field: string,
  fieldMessage: string,
): never {
  throw new AppError(options.code ?? "not_found", message, { [field]: fieldMessage });
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

/** Every chapter belongs to one of the group's texts. */
export async function assertChaptersInGroup(
  groupId: string,
  chapterIds: readonly string[],
  options: OwnedIdOptions & { field?: string } = {},
): Promise<void> {
  const ids = unique(chapterIds);
  if (ids.length === 0) return;
  const found = await (options.client ?? db).chapter.count({
    where: { id: { in: ids }, text: { groupId } },
  });
  if (found !== ids.length)
    refuse(
      options,
      "Some chapters are not in this group's library",
      options.field ?? "chapterIds",
      "Pick chapters of this group's texts",
    );
}

/** Every user is a member of the group (hosts, role holders, assignees, people named). */
export async function assertMembersOfGroup(
  groupId: string,
  userIds: readonly string[],
  options: OwnedIdOptions & { field?: string } = {},
): Promise<void> {
  const ids = unique(userIds);
  if (ids.length === 0) return;
  const found = await (options.client ?? db).membership.count({
    where: { groupId, userId: { in: ids } },
  });
  if (found !== ids.length)
    refuse(
      options,
      "Only members of the group can be chosen",
      options.field ?? "userId",
      "Pick members of this group",
    );
}

/** The subset of `userIds` who are members of the group (for mentions: others are plain text). */
export async function membersAmong(
  groupId: string,
  userIds: readonly string[],
  client?: Reader,
): Promise<Set<string>> {
  const ids = unique(userIds);
  if (ids.length === 0) return new Set();
  const rows = await (client ?? db).membership.findMany({
    where: { groupId, userId: { in: ids } },
    select: { userId: true },
  });
  return new Set(rows.map((row) => row.userId));
}

/** The session is one of the group's. */
export async function assertSessionInGroup(
  groupId: string,
  sessionId: string,
  options: OwnedIdOptions & { field?: string } = {},
): Promise<void> {
  const found = await (options.client ?? db).discussionSession.count({
    where: { id: sessionId, groupId },
  });
  if (found === 0)
    refuse(
      options,
      "Session not found",
      options.field ?? "sessionId",
      "Pick a session of this group",
    );
}

/** The text is one of the group's. */
export async function assertTextInGroup(
  groupId: string,
  textId: string,
  options: OwnedIdOptions & { field?: string } = {},
): Promise<void> {
  const found = await (options.client ?? db).text.count({ where: { id: textId, groupId } });
  if (found === 0)
    refuse(options, "Text not found", options.field ?? "textId", "Pick a text of this group");
}

/** The chapter is one of this text's (a filter or a target inside one text). */
export async function assertChapterInText(
  textId: string,
  chapterId: string,
  options: OwnedIdOptions & { field?: string } = {},
): Promise<void> {
  const found = await (options.client ?? db).chapter.count({ where: { id: chapterId, textId } });
  if (found === 0)
    refuse(
      options,
      "Chapter not found",
      options.field ?? "chapterId",
      "Pick a chapter of this text",
    );
}

/**
 * The paragraph is in this chapter (a chapter belongs to one text of one group, so this also
 * keeps it in the chapter's group).
 */
export async function assertParagraphInChapter(
  chapterId: string,
  paragraphId: string,
  options: OwnedIdOptions & { field?: string } = {},
): Promise<void> {
  const found = await (options.client ?? db).paragraph.count({
    where: { id: paragraphId, chapterId },
  });
  if (found === 0)
    refuse(
      options,
      "No such paragraph in this chapter",
      options.field ?? "paragraphId",
      "Pick a paragraph of this chapter",
    );
}

/**
 * The text of a paragraph of this chapter, for checking a quote against it; refused like
 * assertParagraphInChapter when the paragraph is elsewhere (or nowhere).
 */
export async function paragraphTextInChapter(
  chapterId: string,
  paragraphId: string,
  options: OwnedIdOptions & {
    field?: string;
    /** A pg client (a document command's transaction), read through instead of Prisma. */
    pg?: Pick<pg.ClientBase, "query">;
  } = {},
): Promise<string> {
  const found = options.pg
    ? (
        await options.pg.query<{ text: string }>(
          `SELECT text FROM "Paragraph" WHERE id = $1 AND "chapterId" = $2`,
          [paragraphId, chapterId],
        )
      ).rows[0]
    : await (options.client ?? db).paragraph.findFirst({
        where: { id: paragraphId, chapterId },
        select: { text: true },
      });
  if (!found)
    refuse(
      options,
      "No such paragraph in this chapter",
      options.field ?? "paragraphId",
      "Pick a paragraph of this chapter",
    );
  return found.text;
}

/**
 * A passage a live session may put in the spotlight: the paragraph is in the chapter, and the
 * chapter is one the session reads (or, for a session planned without chapters, one of the
 * group's texts). Anything else would show another group's words in the session room.
 */
export async function assertSessionPassage(
  sessionId: string,
  chapterId: string,
  paragraphId: string,
  options: OwnedIdOptions = {},
): Promise<void> {
  const client = options.client ?? db;
  const session = await client.discussionSession.findUnique({
    where: { id: sessionId },
    select: { groupId: true, chapters: { select: { chapterId: true } } },
  });
  if (!session) refuse(options, "Session not found", "sessionId", "Unknown session");
  const read = session.chapters.map((entry) => entry.chapterId);
  if (read.length > 0 && !read.includes(chapterId))
    refuse(
      options,
      "That chapter is not read in this session",
      "chapterId",
      "Pick one of the session's chapters",
    );
  await assertChaptersInGroup(session.groupId, [chapterId], { ...options, field: "chapterId" });
  await assertParagraphInChapter(chapterId, paragraphId, options);
}
