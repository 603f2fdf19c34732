import { z } from "zod";
import { ZCommentAnchor, ZCommentBody, ZEntityId } from "@/lib/annotations/comment-schemas";

/** POST /api/sessions/{id}/held-comments: a comment kept server-side until the session starts. */
export const ZHoldCommentInput = z.object({
  chapterId: ZEntityId,
  anchor: ZCommentAnchor,
  body: ZCommentBody,
});
export type THoldCommentInput = z.infer<typeof ZHoldCommentInput>;

/** POST /api/sessions/{id}/marks: bring a margin thread to the session. */
export const ZMarkThreadInput = z.object({ threadId: ZEntityId });
export type TMarkThreadInput = z.infer<typeof ZMarkThreadInput>;

export const MAX_RECAP_CHARS = 20_000;

/** PUT /api/sessions/{id}/recap: an empty body removes the chapter's recap. */
export const ZChapterRecapInput = z.object({
  chapterId: ZEntityId,
  body: z.string().max(MAX_RECAP_CHARS, `at most ${MAX_RECAP_CHARS} characters`),
});
export type TChapterRecapInput = z.infer<typeof ZChapterRecapInput>;

/** The session notes document (`session-notes:<id>`) keeps its Markdown in this root Y.Text. */
export const SESSION_NOTES_TEXT = "notes";
