import type pg from "pg";
import type { TChapterAssignees } from "@/lib/annotations/comment-notifications";
import { coalesced } from "@/lib/db/coalesce";
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

type PlanRow = {
  paragraphText: string | null;
  taken: boolean;
  everyone: boolean | null;
  userIds: string[] | null;
};

/**
 * Every comment command's plan reads of one group commit in one statement (lib/db/coalesce.ts),
 * a row per command in order. Each part is a scalar subquery, so a part not asked for costs
 * nothing.
 */
const readTogether = coalesced<
  Pick<pg.ClientBase, "query">,
  { chapterId: string; questions: TCommentPlanQuestions },
  PlanRow | undefined
>(async (client, asked) => {
  const found = await client.query<PlanRow & { i: number }>(
    `SELECT q.i,
       CASE WHEN q.ask_paragraph
         THEN (SELECT text FROM "Paragraph" WHERE id = q.paragraph_id AND "chapterId" = q.chapter_id) END
         AS "paragraphText",
       q.ask_ids AND EXISTS (
         SELECT 1 FROM "Comment" WHERE "chapterId" <> q.chapter_id
            AND (id = q.message_id OR "threadId" = q.thread_id OR id = q.thread_id OR "threadId" = q.message_id)
       ) AS taken,
       assigned.everyone, assigned."userIds"
     FROM unnest($1::int[], $2::text[], $3::boolean[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::boolean[])
       AS q(i, chapter_id, ask_paragraph, paragraph_id, ask_ids, message_id, thread_id, ask_assignees)
     LEFT JOIN LATERAL (
       SELECT bool_or(a."forEveryone") AS everyone,
              array_remove(array_agg(DISTINCT am."userId"), NULL) AS "userIds"
         FROM "Assignment" a LEFT JOIN "AssignmentMember" am ON am."assignmentId" = a.id
        WHERE q.ask_assignees AND a."chapterId" = q.chapter_id
     ) assigned ON true`,
    [
      asked.map((_, i) => i),
      asked.map((a) => a.chapterId),
      asked.map((a) => a.questions.paragraph !== undefined),
      asked.map((a) => a.questions.paragraph?.id ?? ""),
      asked.map((a) => a.questions.ids !== undefined),
      asked.map((a) => a.questions.ids?.messageId ?? ""),
      asked.map((a) => a.questions.ids?.threadId ?? ""),
      asked.map((a) => a.questions.assignees === true),
    ],
  );
  const byIndex = new Map(found.rows.map((row) => [Number(row.i), row]));
  return asked.map((_, i) => byIndex.get(i));
});

/**
 * Everything a comment command's plan reads, in one statement: it runs under the document's
 * lock, where every round trip lengthens the time the document is held (issue 16), and the
 * commands of one group commit share it. The refusals come in the order the plan checks them
 * (the paragraph first).
 */
export async function readCommentPlan(
  client: Pick<pg.ClientBase, "query">,
  chapterId: string,
  questions: TCommentPlanQuestions,
): Promise<TCommentPlanAnswers> {
  const row = await readTogether(client, { chapterId, questions });
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
