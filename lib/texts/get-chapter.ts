import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { chapterHtml } from "@/lib/texts/chapter-html";
import { AppError } from "@/lib/errors/app-error";
import { LruCache } from "@/lib/texts/lru-cache";
import { chapterPath, paragraphPath, textPath } from "@/lib/texts/reader-urls";

export type TFootnoteLink = { footnoteId: string; paragraphId: string; url: string };

export type TReaderParagraph = {
  id: string;
  index: number;
  text: string;
  kind: string;
  footnoteId: string | null;
  /** The footnotes this paragraph cites, resolved to their paragraphs (possibly in another chapter). */
  footnoteRefs: TFootnoteLink[];
  /** On footnotes: the paragraphs whose marks point here, for back-links. */
  citedBy: { paragraphId: string; url: string }[];
  url: string;
};

export type TChapterLink = { id: string; title: string; index: number; url: string };

export type TReaderChapter = {
  id: string;
  title: string;
  index: number;
  textId: string;
  groupId: string;
  wordCount: number;
  updatedAt: string;
  url: string;
  text: { id: string; title: string; author: string | null; url: string };
  previous: TChapterLink | null;
  next: TChapterLink | null;
  /** The text's table of contents. */
  chapters: TChapterLink[];
  paragraphs: TReaderParagraph[];
};

/**
 * Built chapters by id. The key carries the chapter's and its text's updatedAt, which every
 * outline edit bumps, so another process's edit is seen on the next request without any
 * message between processes.
 */
type TCachedChapter = { stamp: string; chapter: TReaderChapter; html: string };

const globalForCache = globalThis as unknown as {
  marginaliaChapterCache?: LruCache<string, TCachedChapter>;
};
function cache() {
  globalForCache.marginaliaChapterCache ??= new LruCache(200);
  return globalForCache.marginaliaChapterCache;
}

async function buildChapter(chapterId: string): Promise<TReaderChapter | null> {
  const chapter = await db.chapter.findUnique({
    where: { id: chapterId },
    select: {
      id: true,
      title: true,
      index: true,
      wordCount: true,
      updatedAt: true,
      text: {
        select: {
          id: true,
          groupId: true,
          title: true,
          author: true,
          chapters: { orderBy: { index: "asc" }, select: { id: true, title: true, index: true } },
        },
      },
      paragraphs: {
        orderBy: { index: "asc" },
        select: {
          id: true,
          index: true,
          text: true,
          kind: true,
          footnoteId: true,
          footnoteRefs: true,
        },
      },
    },
  });
  if (!chapter) return null;
  const { text } = chapter;
  const at = (id: string) => chapterPath(text.groupId, text.id, id);
  const link = (row: { id: string; title: string; index: number }): TChapterLink => ({
    ...row,
    url: at(row.id),
  });

  const cited = [...new Set(chapter.paragraphs.flatMap((p) => p.footnoteRefs))];
  const ownNotes = chapter.paragraphs.flatMap((p) => (p.footnoteId ? [p.footnoteId] : []));
  const [notes, citing] = await Promise.all([
    cited.length === 0
      ? []
      : db.paragraph.findMany({
          where: { textId: text.id, footnoteId: { in: cited } },
          select: { id: true, chapterId: true, footnoteId: true },
        }),
    ownNotes.length === 0
      ? []
      : db.paragraph.findMany({
          where: { textId: text.id, footnoteRefs: { hasSome: ownNotes } },
          orderBy: [{ chapterId: "asc" }, { index: "asc" }],
          select: { id: true, chapterId: true, footnoteRefs: true },
        }),
  ]);
  const noteById = new Map(notes.map((note) => [note.footnoteId, note]));
  const paragraphUrl = (chapterOf: string, paragraphId: string) =>
    paragraphPath(text.groupId, text.id, chapterOf, paragraphId);

  const position = text.chapters.findIndex((row) => row.id === chapter.id);
  const previous = text.chapters[position - 1];
  const next = text.chapters[position + 1];
  return {
    id: chapter.id,
    title: chapter.title,
    index: chapter.index,
    textId: text.id,
    groupId: text.groupId,
    wordCount: chapter.wordCount,
    updatedAt: chapter.updatedAt.toISOString(),
    url: at(chapter.id),
    text: {
      id: text.id,
      title: text.title,
      author: text.author,
      url: textPath(text.groupId, text.id),
    },
    previous: previous ? link(previous) : null,
    next: next ? link(next) : null,
    chapters: text.chapters.map(link),
    paragraphs: chapter.paragraphs.map((paragraph) => ({
      id: paragraph.id,
      index: paragraph.index,
      text: paragraph.text,
      kind: paragraph.kind,
      footnoteId: paragraph.footnoteId,
      footnoteRefs: paragraph.footnoteRefs.flatMap((footnoteId) => {
        const note = noteById.get(footnoteId);
        return note
          ? [{ footnoteId, paragraphId: note.id, url: paragraphUrl(note.chapterId, note.id) }]
          : [];
      }),
      citedBy: paragraph.footnoteId
        ? citing
            .filter((row) => row.footnoteRefs.includes(paragraph.footnoteId ?? ""))
            .map((row) => ({ paragraphId: row.id, url: paragraphUrl(row.chapterId, row.id) }))
        : [],
      url: paragraphUrl(chapter.id, paragraph.id),
    })),
  };
}

/**
 * A chapter's version: its own and its text's updatedAt in ms. Chapter text never changes in
 * place; renames, splits, merges and deletions bump these stamps (see outline-edit-support).
 * One statement on the pg pool: it runs on every read of a chapter.
 */
export async function getChapterVersion(chapterId: string): Promise<string> {
  const found = await getPool().query<{ version: string }>(
    `SELECT (extract(epoch FROM c."updatedAt") * 1000)::bigint::text || ':' ||
            (extract(epoch FROM t."updatedAt") * 1000)::bigint::text AS version
       FROM "Chapter" c JOIN "Text" t ON t.id = c."textId" WHERE c.id = $1`,
    [chapterId],
  );
  const version = found.rows[0]?.version;
  if (!version) throw new AppError("not_found", "Chapter not found");
  return version;
}

/**
 * A chapter at a version the caller has just read (getChapterVersion, or the reader page's
 * query), with its paragraphs as one HTML string: built once per version and process.
 */
export async function getChapterAt(
  chapterId: string,
  version: string,
): Promise<{ chapter: TReaderChapter; html: string }> {
  const hit = cache().get(chapterId);
  if (hit?.stamp === version) return hit;
  const chapter = await buildChapter(chapterId);
  if (!chapter) throw new AppError("not_found", "Chapter not found");
  const entry = { stamp: version, chapter, html: chapterHtml(chapter.paragraphs) };
  cache().set(chapterId, entry);
  return entry;
}

/**
 * A chapter as the reader and the API show it (the caller has authorised `texts.view` on the
 * chapter). Served from an in-process cache; one small query checks it is still current.
 */
export async function getChapter(chapterId: string): Promise<TReaderChapter> {
  return (await getChapterAt(chapterId, await getChapterVersion(chapterId))).chapter;
}

/** Drops cached chapters right away in this process (other processes notice the new stamps). */
export function forgetChapters(chapterIds: string[]): void {
  for (const id of chapterIds) cache().delete(id);
}
