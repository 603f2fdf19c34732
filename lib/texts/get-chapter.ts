import { db } from "@/lib/db/prisma";
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
const globalForCache = globalThis as unknown as {
  marginaliaChapterCache?: LruCache<string, { stamp: string; chapter: TReaderChapter }>;
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
 * A chapter as the reader and the API show it (the caller has authorised `texts.view` on the
 * chapter). Served from an in-process cache; one small query checks it is still current.
 */
export async function getChapter(chapterId: string): Promise<TReaderChapter> {
  const current = await db.chapter.findUnique({
    where: { id: chapterId },
    select: { updatedAt: true, text: { select: { updatedAt: true } } },
  });
  if (!current) throw new AppError("not_found", "Chapter not found");
  const stamp = `${current.updatedAt.getTime()}:${current.text.updatedAt.getTime()}`;
  const hit = cache().get(chapterId);
  if (hit?.stamp === stamp) return hit.chapter;
  const chapter = await buildChapter(chapterId);
  if (!chapter) throw new AppError("not_found", "Chapter not found");
  cache().set(chapterId, { stamp, chapter });
  return chapter;
}

/** Drops cached chapters right away in this process (other processes notice the new stamps). */
export function forgetChapters(chapterIds: string[]): void {
  for (const id of chapterIds) cache().delete(id);
}
