/**
 * The clean outline every import format produces: chapters of blocks, each block one
 * paragraph-like unit a comment can anchor to.
 */
export const BLOCK_KINDS = [
  "paragraph",
  "quote",
  "list-item",
  "footnote",
  "verse",
  /** A sub-heading inside a chapter (chapters themselves carry the top-level headings). */
  "heading",
  /** A picture caption that a PDF extraction left inside the running text. */
  "caption",
  /** The date line printed under an article's heading ("January 1990"). */
  "dateline",
  /** A source reference standing under a quotation ("Problems of Leninism, Moscow 1940, p.303"). */
  "citation",
] as const;

export type BlockKind = (typeof BLOCK_KINDS)[number];

export type Block = {
  kind: BlockKind;
  text: string;
  /** Ids of the footnote blocks this block cites, in order of first mention. */
  footnoteRefs?: string[];
  /** Set on footnote blocks: the id that citing blocks list in footnoteRefs. */
  footnoteId?: string;
};

export type OutlineChapter = { title: string; blocks: Block[] };

/** Why a stretch of the source is not in the outline (shown in the import preview). */
export type RemovedPartReason =
  | "distributor-header"
  | "licence"
  | "contents"
  | "transcriber-note"
  | "page-furniture"
  | "navigation"
  | "front-matter"
  | "other";

export type RemovedPart = {
  reason: RemovedPartReason;
  /** The first words of what was removed, for the preview (at most ~200 characters). */
  excerpt: string;
  /** How much was removed, in characters of source text. */
  characters: number;
};

/** A heading the importer took with little evidence, for the preview to point out. */
export type DoubtfulHeading = { chapterIndex: number; title: string; reason: string };

export type OutlineNotes = { removed: RemovedPart[]; doubtfulHeadings: DoubtfulHeading[] };

export type Outline = {
  title: string;
  author: string | null;
  /** BCP 47 tag when the source declares it or the text makes it clear, else null. */
  language: string | null;
  chapters: OutlineChapter[];
  /** What the importer removed or doubted; absent when it has nothing to say. */
  notes?: OutlineNotes;
};

export type ImportProgress = { done: number; total: number; stage: string };
export type OnImportProgress = (progress: ImportProgress) => void;

export type TextFileInput = { fileName: string; bytes: Uint8Array; mimeType?: string };
