import type pg from "pg";
import type { TChapterAssignees } from "@/lib/annotations/comment-notifications";
import { AppError } from "@/lib/errors/app-error";

/** What a comment command's plan reads, asked for per command type. */
export type TCommentPlanQuestions = {
  /** The anchored paragraph, which must be one of this chapter's. */
  paragraph?: { id: string; field: string };
  /** Client-made ids that must not name a message or thread of another chapter. */
  ids?: { threadId?: string; messageId?: string };
  /** Who is assigned the chapter (a new thread tells them). */
  assignees?: boolean;
};

export type TCommentPlanAnswers = {
  paragraphText?: string;
  takenElsewhere: boolean;
  assignees?: TChapterAssignees;
};

/**
 * Everything a comment command's plan reads, in one statement: it runs under the document's
 * lock, where every round trip lengthens the time the document is held (issue 16). Each part is
 * a scalar subquery, so a part not asked for costs nothing; the refusals come in the order the
 * plan checks them (the paragraph first).
 */
export async function readCommentPlan(
  client: Pick<pg.ClientBase, "query">,
  chapterId: string,
  questions: TCommentPlanQuestions,
): Promise<TCommentPlanAnswers> {
  const found = await client.query<{
    paragraphText: string | null;
    taken: boolean;
    everyone: boolean | null;
    userIds: string[] | null;
  }>(
    `SELECT
       CASE WHEN $2::boolean THEN (SELECT text FROM "Paragraph" WHERE id = $3 AND "chapterId" = $1) END
         AS "paragraphText",
       $4::boolean AND EXISTS (
         SELECT 1 FROM "Comment" WHERE "chapterId" <> $1
            AND (id = $5 OR "threadId" = $6 OR id = $6 OR "threadId" = $5)
       ) AS taken,
       assigned.everyone, assigned."userIds"
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (
       SELECT bool_or(a."forEveryone") AS everyone,
              array_remove(array_agg(DISTINCT am."userId"), NULL) AS "userIds"
         FROM "Assignment" a LEFT JOIN "AssignmentMember" am ON am."assignmentId" = a.id
        WHERE $7::boolean AND a."chapterId" = $1
     ) assigned ON true`,
    [
      chapterId,
      questions.paragraph !== undefined,
      questions.paragraph?.id ?? "",
      questions.ids !== undefined,
      questions.ids?.messageId ?? "",
      questions.ids?.threadId ?? "",
      questions.assignees === true,
    ],
  );
  const row = found.rows[0];
  let paragraphText: string | undefined;
  if (questions.paragraph) {
    if (typeof row?.paragraphText !== "string")
      throw new AppError("not_found", "No such paragraph in this chapter", {
        [questions.paragraph.field]: "Pick a paragraph of this chapter",
      });
    paragraphText = row.paragraphText;
  }
  return {
    paragraphText,
    takenElsewhere: row?.taken === true,
    assignees: questions.assignees
      ? { everyone: row?.everyone === true, userIds: row?.userIds ?? [] }
      : undefined,
  };
}
