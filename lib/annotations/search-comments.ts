import { z } from "zod";
import { assertTextInGroup } from "@/lib/access/owned-ids";
import { commentPlainText } from "@/lib/annotations/markdown/comment-plain-text";
import { shieldedKeys } from "@/lib/reading-reach/spoiler-shield";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";
import { paragraphPath } from "@/lib/texts/reader-urls";
import { cutSnippet, markedFragments, snippetHtml } from "@/lib/texts/snippet";

export const ZSearchCommentsInput = z.object({
  q: z.string().trim().min(1, "type something to search for").max(200),
  textId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TSearchCommentsInput = z.input<typeof ZSearchCommentsInput>;

export type TCommentSearchHit = {
  messageId: string;
  threadId: string;
  textId: string;
  textTitle: string;
  chapterId: string;
  chapterTitle: string;
  paragraphId: string;
  authorId: string;
  authorName: string;
  quote: string;
  createdAt: string;
  resolved: boolean;
  /** A passage of the comment with the matched words in <mark>; everything else escaped. */
  snippetHtml: string;
  /** The passage in the reader: `…/chapters/{chapterId}#p-{paragraphId}`. */
  url: string;
  /** Beyond where the viewer has read, with "hide comments beyond" on: shown behind Reveal. */
  shielded: boolean;
};

// Private-use characters: ts_headline's markers must not be anything a comment contains.
const START = "\uE000";
const STOP = "\uE001";
// The whole body comes back marked; the snippet is cut from its plain text at word boundaries.
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;
// A mention token with markers inside (a search for a member's name): read as the bare token.
const MARKED_MENTION = /@\[[^\]\n]*\]\(user:[^)\s]*\)/g;

/**
 * The marked Markdown body as safe HTML of plain text: Markdown rendered away, mentions as
 * names, cut around the first match between words, everything escaped, matches in <mark>.
 */
export function headlineToHtml(
  headline: string,
  mentionName?: (userId: string) => string | undefined,
): string {
  const unmarkedMentions = headline.replace(MARKED_MENTION, (token) =>
    token.replaceAll(START, "").replaceAll(STOP, ""),
  );
  const plain = commentPlainText(unmarkedMentions, mentionName ? { mentionName } : {});
  return snippetHtml(cutSnippet(markedFragments(plain, START, STOP)));
}

/**
 * Full-text search over a group's comments (PostgreSQL, each text's own search configuration,
 * websearch syntax: "quoted phrases", -exclusions, or). Deleted and hidden messages are never
 * found. Ranked; ts_headline (the costly part) runs only on the page of top results.
 */
export async function searchComments(
  viewer: { userId: string; groupId: string },
  /** TSearchCommentsInput, or a query string's parameters (validated here). */
  input: TSearchCommentsInput | Record<string, unknown>,
): Promise<TCommentSearchHit[]> {
  const { groupId, userId } = viewer;
  const { q, textId, limit } = parseInput(ZSearchCommentsInput, input);
  // Another group's text would only match nothing; it is refused like the library search does.
  if (textId) await assertTextInGroup(groupId, textId);
  const rows = await db.$queryRaw<
    Array<
      Omit<TCommentSearchHit, "snippetHtml" | "url" | "createdAt"> & {
        createdAt: Date;
        headline: string;
      }
    >
  >`WITH hits AS (
      SELECT c.id, c."threadId", c."textId", c."chapterId", c."paragraphId", c."authorId", c.body,
             c.quote, c."createdAt", c.resolved, t.title AS "textTitle", ch.title AS "chapterTitle",
             t."searchConfig",
             ts_rank(c.tsv, websearch_to_tsquery(t."searchConfig"::regconfig, ${q})) AS rank
        FROM "Comment" c
        JOIN "Text" t ON t.id = c."textId"
        JOIN "Chapter" ch ON ch.id = c."chapterId"
       WHERE c."groupId" = ${groupId} AND NOT c.deleted AND NOT c.hidden
         AND (${textId ?? null}::text IS NULL OR c."textId" = ${textId ?? null})
         AND c.tsv @@ websearch_to_tsquery(t."searchConfig"::regconfig, ${q})
       ORDER BY rank DESC, c."createdAt" DESC
       LIMIT ${limit})
    SELECT h.id AS "messageId", h."threadId", h."textId", h."textTitle", h."chapterId",
           h."chapterTitle", h."paragraphId", h."authorId", u.name AS "authorName", h.quote,
           h."createdAt", h.resolved,
           ts_headline(h."searchConfig"::regconfig, h.body,
             websearch_to_tsquery(h."searchConfig"::regconfig, ${q}), ${HEADLINE_OPTIONS}) AS headline
      FROM hits h JOIN "User" u ON u.id = h."authorId"
     ORDER BY h.rank DESC, h."createdAt" DESC`;
  const [members, shielded] = await Promise.all([
    db.membership.findMany({
      where: { groupId },
      select: { userId: true, user: { select: { name: true } } },
    }),
    shieldedKeys(
      userId,
      rows.map((row) => ({
        key: row.messageId,
        chapterId: row.chapterId,
        paragraphId: row.paragraphId,
        authorIds: [row.authorId],
      })),
    ),
  ]);
  const names = new Map(members.map((member) => [member.userId, member.user.name]));
  return rows.map(({ headline, createdAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    snippetHtml: headlineToHtml(headline, (id) => names.get(id)),
    url: paragraphPath(groupId, row.textId, row.chapterId, row.paragraphId),
    shielded: shielded.has(row.messageId),
  }));
}
