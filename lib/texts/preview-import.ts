import type { ImportProgress, OutlineNotes } from "@/lib/texts/import/types";
import { outlineToJson, type TOutlineJson } from "@/lib/texts/outline-json";
import { parseImportSource } from "@/lib/parsing/parse-pool";
import type { TImportSource } from "@/lib/texts/read-import-request";

export type TImportPreview = {
  /** Exactly what `npm run outline -- <file>` prints for the same file. */
  outline: TOutlineJson;
  sourceFormat: string;
  language: string | null;
  wordCount: number;
  /** What the importer removed (header, licence, contents, navigation…) and headings it doubts. */
  notes: OutlineNotes;
};

/**
 * The outline an import would create, without writing anything. The file is parsed on a
 * worker thread (lib/parsing/parse-pool.ts); userId counts it against that user's limit.
 */
export async function previewImport(
  source: TImportSource,
  onProgress?: (progress: ImportProgress) => void,
  options: { userId?: string | null } = {},
): Promise<TImportPreview> {
  const { outline, sourceFormat, chapterWordCounts } = await parseImportSource(source, {
    onProgress,
    userId: options.userId,
  });
  const wordCount = chapterWordCounts.reduce((sum, words) => sum + words, 0);
  return {
    outline: outlineToJson(outline),
    sourceFormat,
    language: outline.language,
    wordCount,
    notes: outline.notes ?? { removed: [], doubtfulHeadings: [] },
  };
}
