import { randomUUID } from "node:crypto";
import { db, type DbTransaction } from "@/lib/db/prisma";
import type { ImportProgress, Outline } from "@/lib/texts/import/types";
import { countWords } from "@/lib/texts/outline-json";
import { parseImportSource } from "@/lib/texts/parse-import-source";
import type { TImportSource } from "@/lib/texts/read-import-request";
import { textPath } from "@/lib/texts/reader-urls";
import { searchConfigFor } from "@/lib/texts/search-config";

/** What the caller knows better than the file (the demo manifest, an import form). */
export type TImportMetadata = {
  title?: string;
  author?: string | null;
  year?: number | null;
  language?: string | null;
};

export type TImportedText = {
  id: string;
  groupId: string;
  title: string;
  author: string | null;
  chapterCount: number;
  paragraphCount: number;
  wordCount: number;
  url: string;
};

/** Paragraph rows per INSERT: large enough to be fast, small enough to report progress. */
export const PARAGRAPH_BATCH = 2_000;
/** A 10 MB book stores in seconds; the default 5 s interactive-transaction limit is too tight. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 5 * 60_000;

export type ParagraphRow = {
  id: string;
  chapterId: string;
  index: number;
  kind: string;
  text: string;
  footnoteId: string | null;
  refs: string;
};

export async function insertParagraphs(
  tx: DbTransaction,
  textId: string,
  searchConfig: string,
  rows: ParagraphRow[],
): Promise<void> {
  // One statement per batch; the search vector is computed by PostgreSQL with the text's
  // configuration in the same statement, so a paragraph is never stored unindexed.
  await tx.$executeRaw`
    INSERT INTO "Paragraph" (id, "chapterId", "textId", index, kind, text, "footnoteId", "footnoteRefs", tsv)
    SELECT u.id, u.chapter_id, ${textId}, u.idx, u.kind, u.body, u.footnote_id,
           CASE WHEN u.refs = '' THEN '{}'::text[] ELSE string_to_array(u.refs, ' ') END,
           to_tsvector(${searchConfig}::regconfig, u.body)
    FROM unnest(
      ${rows.map((row) => row.id)}::text[],
      ${rows.map((row) => row.chapterId)}::text[],
      ${rows.map((row) => row.index)}::int[],
      ${rows.map((row) => row.kind)}::text[],
      ${rows.map((row) => row.text)}::text[],
      ${rows.map((row) => row.footnoteId)}::text[],
      ${rows.map((row) => row.refs)}::text[]
    ) AS u(id, chapter_id, idx, kind, body, footnote_id, refs)`;
}

/** Writes an outline as a text of the group: all rows in one transaction, or none. */
export async function storeOutline(input: {
  groupId: string;
  importedById: string | null;
  outline: Outline;
  sourceFormat: string;
  sourceFileName: string | null;
  metadata?: TImportMetadata;
  onProgress?: (progress: ImportProgress) => void;
  /** Words per chapter when already counted (on the parse worker); counted here otherwise. */
  chapterWordCounts?: number[];
}): Promise<TImportedText> {
  const { outline, metadata = {} } = input;
  const language = metadata.language ?? outline.language;
  const searchConfig = searchConfigFor(language);
  const textId = randomUUID();
  const chapters = outline.chapters.map((chapter, index) => ({
    id: randomUUID(),
    textId,
    index,
    title: chapter.title.slice(0, 300),
    wordCount:
      input.chapterWordCounts?.[index] ??
      chapter.blocks.reduce((sum, block) => sum + countWords(block.text), 0),
  }));
  const paragraphs: ParagraphRow[] = outline.chapters.flatMap((chapter, chapterIndex) =>
    chapter.blocks.map((block, index) => ({
      id: randomUUID(),
      chapterId: chapters[chapterIndex]?.id ?? "",
      index,
      kind: block.kind,
      text: block.text,
      footnoteId: block.footnoteId ?? null,
      refs: (block.footnoteRefs ?? []).join(" "),
    })),
  );
  const wordCount = chapters.reduce((sum, chapter) => sum + chapter.wordCount, 0);
  const title = (metadata.title?.trim() || outline.title).slice(0, 300);
  const author = metadata.author !== undefined ? metadata.author : outline.author;

  await db.$transaction(
    async (tx) => {
      await tx.text.create({
        data: {
          id: textId,
          groupId: input.groupId,
          title,
          author,
          year: metadata.year ?? null,
          language,
          searchConfig,
          sourceFormat: input.sourceFormat,
          sourceFileName: input.sourceFileName,
          wordCount,
          importedById: input.importedById,
        },
      });
      await tx.chapter.createMany({ data: chapters });
      for (let start = 0; start < paragraphs.length; start += PARAGRAPH_BATCH) {
        input.onProgress?.({ done: start, total: paragraphs.length, stage: "store" });
        await insertParagraphs(
          tx,
          textId,
          searchConfig,
          paragraphs.slice(start, start + PARAGRAPH_BATCH),
        );
      }
      input.onProgress?.({ done: paragraphs.length, total: paragraphs.length, stage: "store" });
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
  return {
    id: textId,
    groupId: input.groupId,
    title,
    author,
    chapterCount: chapters.length,
    paragraphCount: paragraphs.length,
    wordCount,
    url: textPath(input.groupId, textId),
  };
}

/**
 * The import use case (upload, paste, demo seed): the pipeline turns the source into an
 * outline on a worker thread (lib/texts/parse-import-source.ts, counted against the importing user),
 * then the outline is stored in one transaction. Throws AppError for refused input before
 * anything is written.
 */
export async function importText(input: {
  groupId: string;
  importedById: string | null;
  source: TImportSource;
  metadata?: TImportMetadata;
  onProgress?: (progress: ImportProgress) => void;
}): Promise<TImportedText> {
  const parsed = await parseImportSource(input.source, {
    onProgress: input.onProgress,
    userId: input.importedById,
  });
  return storeOutline({ ...input, ...parsed });
}
