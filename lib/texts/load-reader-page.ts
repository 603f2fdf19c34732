import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors/app-error";

// The shapes of TNextSession (lib/sessions/live/next-session-for-chapter) and TChapterRecap
// (lib/sessions/live/list-recaps), restated: lib/sessions already depends on lib/texts, and an
// import back would close a cycle between the folders. The integration test compares values.
type TNextSession = { id: string; title: string; startsAt: string };
type TChapterRecap = {
  id: string;
  chapterId: string;
  body: string;
  updatedAt: string;
  author: { id: string; name: string } | null;
  session: { id: string; groupId: string; title: string; startsAt: string };
};

export type TReaderPageData = {
  /** The chapter's version: its own and its text's updatedAt (see getChapterVersion). */
  version: string;
  members: { id: string; name: string }[];
  hideCommentsBeyondProgress: boolean;
  progress: { paragraphId: string | null; fraction: number; completedAt: Date | null } | null;
  nextSession: TNextSession | null;
  recaps: TChapterRecap[];
};

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

// Everything the chapter page needs per request besides the session check, the access check
// and the (cached) chapter, in one round trip on the pg pool: Prisma would send six queries,
// each compiled again by its WebAssembly query compiler. The same rules as listMembers,
// hiddenAfterParagraphIndex, nextSessionForChapter and listChapterRecaps (an integration test
// holds them equal). Timestamps are UTC without a zone, as Prisma stores them.
const READER_PAGE_SQL = `
SELECT
  (extract(epoch FROM c."updatedAt") * 1000)::bigint::text || ':' ||
    (extract(epoch FROM t."updatedAt") * 1000)::bigint::text AS version,
  (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name)
            ORDER BY m.role, m."joinedAt"), '[]'::json)
     FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."groupId" = $3) AS members,
  (SELECT "hideCommentsBeyondProgress" FROM "User" WHERE id = $2) AS "hideCommentsBeyondProgress",
  (SELECT json_build_object('paragraphId', p."paragraphId", 'fraction', p.fraction,
            'completedAt', to_char(p."completedAt", ${ISO}))
     FROM "ReadingProgress" p WHERE p."userId" = $2 AND p."chapterId" = $1) AS progress,
  CASE WHEN $4::boolean THEN
    (SELECT json_build_object('id', s.id, 'title', s.title, 'startsAt', to_char(s."startsAt", ${ISO}))
       FROM "DiscussionSession" s
      WHERE s."groupId" = $3 AND s.status = 'SCHEDULED' AND s."endsAt" > $5::timestamp
        AND EXISTS (SELECT 1 FROM "SessionChapter" sc
                     WHERE sc."sessionId" = s.id AND sc."chapterId" = $1)
      ORDER BY s."startsAt", s.id LIMIT 1)
  END AS "nextSession",
  (SELECT coalesce(json_agg(json_build_object(
            'id', r.id, 'chapterId', r."chapterId", 'body', r.body,
            'updatedAt', to_char(r."updatedAt", ${ISO}),
            'author', CASE WHEN a.id IS NULL THEN NULL
                           ELSE json_build_object('id', a.id, 'name', a.name) END,
            'session', json_build_object('id', s.id, 'groupId', s."groupId", 'title', s.title,
                                         'startsAt', to_char(s."startsAt", ${ISO})))
            ORDER BY s."startsAt" DESC), '[]'::json)
     FROM "ChapterRecap" r
     JOIN "DiscussionSession" s ON s.id = r."sessionId"
     LEFT JOIN "User" a ON a.id = r."authorId"
    WHERE r."chapterId" = $1) AS recaps
FROM "Chapter" c JOIN "Text" t ON t.id = c."textId"
WHERE c.id = $1`;

type Row = {
  version: string;
  members: { id: string; name: string }[];
  hideCommentsBeyondProgress: boolean | null;
  progress: { paragraphId: string | null; fraction: number; completedAt: string | null } | null;
  nextSession: TNextSession | null;
  recaps: TChapterRecap[];
};

/**
 * The per-reader part of a chapter page (the caller has authorised `texts.view` on the chapter
 * for this user in this group).
 */
export async function loadReaderPage(input: {
  userId: string;
  groupId: string;
  chapterId: string;
  withSessions: boolean;
  now?: Date;
}): Promise<TReaderPageData> {
  const now = (input.now ?? new Date()).toISOString().replace("Z", "");
  const result = await getPool().query<Row>(READER_PAGE_SQL, [
    input.chapterId,
    input.userId,
    input.groupId,
    input.withSessions,
    now,
  ]);
  const row = result.rows[0];
  if (!row) throw new AppError("not_found", "Chapter not found");
  return {
    version: row.version,
    members: row.members,
    hideCommentsBeyondProgress: row.hideCommentsBeyondProgress ?? false,
    progress: row.progress && {
      paragraphId: row.progress.paragraphId,
      fraction: row.progress.fraction,
      completedAt: row.progress.completedAt ? new Date(row.progress.completedAt) : null,
    },
    nextSession: row.nextSession ?? null,
    recaps: row.recaps,
  };
}
