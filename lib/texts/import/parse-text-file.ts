import { AppError } from "@/lib/errors/app-error";
import { decodeText } from "./decode-text";
import { parseEpub } from "./epub";
import { parseHtmlPage } from "./html-page";
import { MAX_CHAPTERS, MAX_INPUT_BYTES } from "./limits";
import { looksLikeMarkdown, parseMarkdown } from "./markdown";
import { parsePdf } from "./pdf/parse-pdf";
import { parsePlainText } from "./plain-text/parse-plain-text";
import type { OnImportProgress, Outline, TextFileInput } from "./types";

export type TextFormat = "txt" | "md" | "html" | "epub" | "pdf";

const EXTENSIONS: Record<string, TextFormat> = {
  txt: "txt",
  text: "txt",
  md: "md",
  markdown: "md",
  html: "html",
  htm: "html",
  xhtml: "html",
  epub: "epub",
  pdf: "pdf",
};

const REFUSED: Record<string, string> = {
  "{\\rt": "RTF files cannot be imported; save the document as plain text, HTML or EPUB.",
};

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot === -1 ? "" : fileName.slice(dot + 1).toLowerCase();
}

/** File name without folders or extension, for texts that do not state a title. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base
    .replace(/\.[^.]+$/, "")
    .replace(/[_]+/g, " ")
    .trim();
  return stem || "Untitled";
}

/** Chooses the parser from the bytes first (a zip is never text), then the extension. */
export function detectFormat(input: TextFileInput): TextFormat {
  const { bytes, fileName, mimeType } = input;
  const ext = extensionOf(fileName);
  const isZip =
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04;
  if (isZip) {
    if (ext === "epub" || mimeType === "application/epub+zip") return "epub";
    const asText = new TextDecoder("latin1").decode(bytes.subarray(30, 58));
    if (asText.startsWith("mimetypeapplication/epub+zip")) return "epub";
    throw new AppError(
      "unsupported_media_type",
      "This is a zip archive, not an EPUB book; upload .txt, .md, .html, .epub or .pdf.",
    );
  }
  if (ext === "epub")
    throw new AppError("unprocessable", "This EPUB is damaged: it is not a zip archive.");
  const start1k = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  // Readers accept the header anywhere in the first 1 KB; a named .pdf may carry junk before it.
  if (start1k.startsWith("%PDF-") || (ext === "pdf" && start1k.includes("%PDF-"))) return "pdf";
  if (ext === "pdf" || mimeType === "application/pdf")
    throw new AppError("unprocessable", "This PDF is damaged: it has no PDF header.");
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 8));
  for (const [magic, message] of Object.entries(REFUSED)) {
    if (head.startsWith(magic)) throw new AppError("unsupported_media_type", message);
  }
  const known = EXTENSIONS[ext];
  if (known) return known;
  if (ext && !/^(?:[a-z]{0,2}|asc|log|rst|org)$/.test(ext) && !mimeType?.startsWith("text/")) {
    throw new AppError(
      "unsupported_media_type",
      `".${ext}" files cannot be imported; upload .txt, .md, .html, .epub or .pdf.`,
    );
  }
  if (mimeType === "text/html" || mimeType === "application/xhtml+xml") return "html";
  if (mimeType === "text/markdown") return "md";
  const start = new TextDecoder("utf-8").decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml"))
    return "html";
  return "txt";
}

function ensureContent(outline: Outline): Outline {
  const blocks = outline.chapters.reduce((sum, chapter) => sum + chapter.blocks.length, 0);
  if (blocks === 0) throw new AppError("unprocessable", "This file contains no readable text.");
  if (outline.chapters.length > MAX_CHAPTERS) {
    throw new AppError(
      "unprocessable",
      `This text splits into more than ${MAX_CHAPTERS} chapters; it cannot be imported.`,
    );
  }
  return outline;
}

/**
 * Raw bytes and a file name → clean outline. Throws AppError: payload_too_large (over
 * MAX_INPUT_BYTES, or an EPUB that unpacks too big), unsupported_media_type (not a text
 * format we read), unprocessable (damaged file, no text).
 */
export async function parseTextFile(
  input: TextFileInput,
  onProgress?: OnImportProgress,
): Promise<Outline> {
  if (input.bytes.length > MAX_INPUT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `This file is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB.`,
    );
  }
  if (input.bytes.length === 0) throw new AppError("unprocessable", "This file is empty.");
  const format = detectFormat(input);
  const fallbackTitle = titleFromFileName(input.fileName);
  onProgress?.({ done: 0, total: 3, stage: "read" });
  // Yield once so a caller's progress UI can paint before the synchronous parse.
  await Promise.resolve();
  if (format === "epub") return ensureContent(parseEpub(input.bytes, fallbackTitle, onProgress));
  if (format === "pdf")
    return ensureContent(await parsePdf(input.bytes, fallbackTitle, onProgress));
  const text = decodeText(input.bytes);
  onProgress?.({ done: 1, total: 3, stage: "parse" });
  let outline: Outline;
  if (format === "md") outline = parseMarkdown(text, fallbackTitle);
  else if (format === "html") {
    outline = parseHtmlPage(text, fallbackTitle);
  } else outline = parsePlainText(text, fallbackTitle);
  onProgress?.({ done: 3, total: 3, stage: "outline" });
  return ensureContent(outline);
}

/**
 * Text pasted into the import form: Markdown when it reads as Markdown (headings with "#"),
 * else the plain-text clean-up; an optional given title wins over the text's own.
 */
export function parsePastedText(text: string, title?: string): Outline {
  if (new TextEncoder().encode(text).length > MAX_INPUT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `The pasted text is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB.`,
    );
  }
  const fallback = title?.trim() || "Untitled";
  const outline = looksLikeMarkdown(text)
    ? parseMarkdown(text, fallback)
    : parsePlainText(text, fallback);
  if (title?.trim()) outline.title = title.trim();
  return ensureContent(outline);
}
