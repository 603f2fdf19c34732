/** Upper bounds on what an import may cost; checked before any expensive work. */

/** Largest file (or pasted text, in UTF-8 bytes) accepted for import. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** EPUB checks, all read from the zip central directory before anything is inflated. */
export const EPUB_MAX_ENTRIES = 2_000;
export const EPUB_MAX_TOTAL_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
export const EPUB_MAX_ENTRY_UNCOMPRESSED_BYTES = 16 * 1024 * 1024;
/** Text compresses about 3–10×; anything past this ratio is a decompression bomb. */
export const EPUB_MAX_COMPRESSION_RATIO = 100;
/** Small entries may legitimately compress very well (a run of blank lines); only check ratios above this size. */
export const EPUB_RATIO_CHECK_MIN_BYTES = 64 * 1024;

/** An outline with more chapters than this is almost certainly a mis-detection or abuse. */
export const MAX_CHAPTERS = 2_000;

/**
 * Deepest element nesting an HTML/XHTML import may have. Real books stay under a few dozen;
 * the HTML tokenizer's own open-element stack costs time per tag in proportion to the depth,
 * so a document nested deeper is refused rather than parsed slowly.
 */
export const MAX_HTML_DEPTH = 512;
