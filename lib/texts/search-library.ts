import type { GroupAccess } from "@/lib/access/authorize";
import { assertTextInGroup } from "@/lib/access/owned-ids";
import { db } from "@/lib/db/prisma";
import { paragraphPath } from "@/lib/texts/reader-urls";
import { safeSearchConfig } from "@/lib/texts/search-config";
import {
  cutSnippet,
  markedFragments,
  snippetHtml,
  type TSnippetFragment,
} from "@/lib/texts/snippet";
import type { TSearchQuery } from "@/lib/texts/text-schemas";

export type { TSnippetFragment };

export type TSearchHit = {
  paragraphId: string;
  paragraphIndex: number;
  chapterId: string;
  chapterTitle: string;
  textId: string;
  textTitle: string;
  rank: number;
  /** The passage with the matched words wrapped in <mark>…</mark>; everything else HTML-escaped. */
  snippet: string;
  /** The same passage as plain pieces, for clients that render without HTML. */
  fragments: TSnippetFragment[];
  url: string;
};

// Control characters never occur in stored paragraphs (clean-up drops them), so they mark
// ts_headline's matches unambiguously. The whole paragraph comes back marked; cutSnippet picks
// the window at word boundaries (ts_headline's own fragments cut words of some scripts).
const START = "\u0002";
const STOP = "\u0003";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;

export function headlineFragments(headline: string): TSnippetFragment[] {
  return cutSnippet(markedFragments(headline, START, STOP));
}

type Row = {
  id: string;
  chapter_id: string;
  text_id: string;
  paragraph_index: number;
  chapter_title: string;
  text_title: string;
  rank: number;
  headline: string;
};

/**
 * Full-text search over the group's library (or one text of it), best matches first. Each
 * text is searched with its own configuration through the GIN index; ts_headline, which
 * re-parses the paragraph, runs only on the rows that made the top `limit`.
 */
export async function searchLibrary(
  access: GroupAccess,
  query: TSearchQuery,
): Promise<{ query: string; hits: TSearchHit[] }> {
  const textId = query.textId ?? null;
  if (textId) await assertTextInGroup(access.groupId, textId);
  const stored = await db.text.findMany({
    where: { groupId: access.groupId, ...(textId ? { id: textId } : {}) },
    distinct: ["searchConfig"],
    select: { searchConfig: true },
  });
  if (stored.length === 0) return { query: query.q, hits: [] };
  // Only configuration names we know are cast to regconfig; a bad stored value reads as simple.
  const storedConfigs = stored.map((row) => row.searchConfig);
  const safeConfigs = storedConfigs.map(safeSearchConfig);
  const rows = await db.$queryRaw<Row[]>`
    WITH texts AS (
      SELECT id, title, "searchConfig" AS stored FROM "Text"
      WHERE "groupId" = ${access.groupId} AND (${textId}::text IS NULL OR id = ${textId}::text)
    ), queries AS (
      SELECT stored, cfg, websearch_to_tsquery(cfg::regconfig, ${query.q}) AS q
      FROM unnest(${storedConfigs}::text[], ${safeConfigs}::text[]) AS configs(stored, cfg)
    ), top AS (
      SELECT p.id, p."chapterId", p."textId", p.index, p.text, queries.cfg, queries.q,
             ts_rank_cd(p.tsv, queries.q) AS rank
      FROM queries
      JOIN texts ON texts.stored = queries.stored
      JOIN "Paragraph" p ON p."textId" = texts.id AND p.tsv @@ queries.q
      ORDER BY rank DESC, p."textId", p."chapterId", p.index
      LIMIT ${query.limit}
    )
    SELECT top.id, top."chapterId" AS chapter_id, top."textId" AS text_id,
           top.index AS paragraph_index, c.title AS chapter_title, t.title AS text_title,
           top.rank::float8 AS rank,
           ts_headline(top.cfg::regconfig, top.text, top.q, ${HEADLINE_OPTIONS}) AS headline
    FROM top
    JOIN "Chapter" c ON c.id = top."chapterId"
    JOIN texts t ON t.id = top."textId"
    ORDER BY top.rank DESC, top."textId", c.index, top.index`;
  return {
    query: query.q,
    hits: rows.map((row) => {
      const fragments = headlineFragments(row.headline);
      return {
        paragraphId: row.id,
        paragraphIndex: row.paragraph_index,
        chapterId: row.chapter_id,
        chapterTitle: row.chapter_title,
        textId: row.text_id,
        textTitle: row.text_title,
        rank: row.rank,
        snippet: snippetHtml(fragments),
        fragments,
        url: paragraphPath(access.groupId, row.text_id, row.chapter_id, row.id),
      };
    }),
  };
}
