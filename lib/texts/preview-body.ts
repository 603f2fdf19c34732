import type { Outline, OutlineNotes } from "@/lib/texts/import/types";
import { countWords, outlineToJson, type TOutlineJson } from "@/lib/texts/outline-json";

export type TImportPreview = {
  /** Exactly what `npm run outline -- <file>` prints for the same file. */
  outline: TOutlineJson;
  sourceFormat: string;
  language: string | null;
  wordCount: number;
  /** What the importer removed (header, licence, contents, navigation…) and headings it doubts. */
  notes: OutlineNotes;
};

export function importPreview(parsed: { outline: Outline; sourceFormat: string }): TImportPreview {
  const { outline, sourceFormat } = parsed;
  const wordCount = outline.chapters.reduce(
    (sum, chapter) =>
      sum + chapter.blocks.reduce((words, block) => words + countWords(block.text), 0),
    0,
  );
  return {
    outline: outlineToJson(outline),
    sourceFormat,
    language: outline.language,
    wordCount,
    notes: outline.notes ?? { removed: [], doubtfulHeadings: [] },
  };
}

/**
 * The preview as the UTF-8 JSON the route answers with. Built on the parse worker, so the
 * event loop only passes bytes on (a 10 MB text's outline is megabytes of JSON).
 */
export function importPreviewJson(parsed: {
  outline: Outline;
  sourceFormat: string;
}): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(importPreview(parsed)));
}
