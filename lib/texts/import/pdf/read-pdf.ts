import path from "node:path";
import { AppError } from "@/lib/errors/app-error";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import type { OnImportProgress } from "../types";

/** One run of text as pdfjs reports it, in top-down page coordinates (points). */
export type PdfItem = {
  text: string;
  /** Left edge and baseline, measured from the page's top-left corner. */
  x: number;
  y: number;
  width: number;
  /** Font size: the text's vertical scale. */
  size: number;
  /** pdfjs' id of the font within the document ("g_d0_f3"): equal ids, equal fonts. */
  font: string;
  /** False for rotated or vertical text (side stamps, rotated table headers). */
  upright: boolean;
};

export type PdfPage = { index: number; width: number; height: number; items: PdfItem[] };

/** A bookmark of the PDF's own outline, with the page it points to when that resolves. */
export type PdfBookmark = { title: string; depth: number; pageIndex: number | null };

export type PdfDocument = {
  pages: PdfPage[];
  info: { title: string | null; author: string | null; language: string | null };
  bookmarks: PdfBookmark[];
};

export type ReadPdfLimits = { maxPages: number; deadlineMs: number };

type PdfJs = typeof PdfJsModule;
type PdfJsDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

/** pdfjs is large; it is loaded on the first PDF, not with every import module. */
let pdfjs: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

function standardFontDataUrl(): string {
  // pdfjs in Node reads these files by path; they spare it a warning per non-embedded font.
  return `${path.join(process.cwd(), "node_modules", "pdfjs-dist", "standard_fonts")}/`;
}

function cleanString(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value
    // PDF strings carry NULs and other control bytes; \p{Cc} names them without literals.
    .replace(/[\p{Cc}\ufeff]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text || null;
}

function metadataString(metadata: unknown, name: string): string | null {
  const reader = metadata as { get?: (key: string) => unknown } | null;
  if (!reader || typeof reader.get !== "function") return null;
  const value = reader.get(name);
  if (Array.isArray(value)) return cleanString(value.join(", "));
  return cleanString(value);
}

async function readInfo(doc: PdfJsDocument): Promise<PdfDocument["info"]> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const dict = info as Record<string, unknown>;
    return {
      title: metadataString(metadata, "dc:title") ?? cleanString(dict.Title),
      author: metadataString(metadata, "dc:creator") ?? cleanString(dict.Author),
      language: cleanString(dict.Language),
    };
  } catch {
    return { title: null, author: null, language: null };
  }
}

type OutlineNode = { title: string; dest: string | unknown[] | null; items: OutlineNode[] };

async function readBookmarks(doc: PdfJsDocument): Promise<PdfBookmark[]> {
  let outline: OutlineNode[] | null;
  try {
    outline = await doc.getOutline();
  } catch {
    return [];
  }
  const bookmarks: PdfBookmark[] = [];
  const visit = async (nodes: OutlineNode[], depth: number) => {
    for (const node of nodes) {
      // A malicious outline can be huge or deep; the first few hundred entries are plenty.
      if (bookmarks.length >= 500 || depth > 6) return;
      const title = cleanString(node.title);
      let pageIndex: number | null = null;
      try {
        const dest =
          typeof node.dest === "string" ? await doc.getDestination(node.dest) : node.dest;
        const ref = Array.isArray(dest) ? (dest[0] as unknown) : null;
        if (typeof ref === "number") pageIndex = ref;
        else if (ref && typeof ref === "object" && "num" in ref) {
          pageIndex = await doc.getPageIndex(ref as { num: number; gen: number });
        }
      } catch {
        pageIndex = null;
      }
      if (title) bookmarks.push({ title, depth, pageIndex });
      await visit(node.items ?? [], depth + 1);
    }
  };
  await visit(outline ?? [], 0);
  return bookmarks;
}

/**
 * Reads every page's text runs with positions, the document information and the bookmarks.
 * Throws AppError: unprocessable for a damaged or encrypted file, or past the page or time
 * limit. Progress is reported once per page.
 */
export async function readPdf(
  bytes: Uint8Array,
  limits: ReadPdfLimits,
  onProgress?: OnImportProgress,
): Promise<PdfDocument> {
  const started = Date.now();
  const { getDocument, Util } = await loadPdfJs();
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    standardFontDataUrl: standardFontDataUrl(),
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
  });
  let doc: PdfJsDocument;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = (error as { name?: string } | null)?.name;
    if (name === "PasswordException") {
      throw new AppError(
        "unprocessable",
        "This PDF is protected by a password; remove the protection and upload it again.",
      );
    }
    throw new AppError("unprocessable", "This PDF is damaged and cannot be read.");
  }
  try {
    if (doc.numPages > limits.maxPages) {
      throw new AppError(
        "payload_too_large",
        `This PDF has ${doc.numPages} pages; at most ${limits.maxPages} can be imported.`,
      );
    }
    const info = await readInfo(doc);
    const bookmarks = await readBookmarks(doc);
    const pages: PdfPage[] = [];
    for (let index = 0; index < doc.numPages; index++) {
      if (Date.now() - started > limits.deadlineMs) {
        throw new AppError(
          "unprocessable",
          `This PDF took longer than ${Math.round(limits.deadlineMs / 1000)} s to read (stopped at page ${index + 1} of ${doc.numPages}); it cannot be imported.`,
        );
      }
      const page = await doc.getPage(index + 1);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent({ disableNormalization: false });
      const items: PdfItem[] = [];
      for (const raw of content.items) {
        if (!("str" in raw) || raw.str.trim() === "") continue;
        const m = Util.transform(viewport.transform, raw.transform) as number[];
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
        const size = Math.hypot(c, d);
        if (!(size > 0)) continue;
        items.push({
          text: raw.str,
          x: e,
          y: f,
          // Already in page units at scale 1; rotation does not change a run's length.
          width: raw.width,
          size,
          font: raw.fontName,
          upright: a > 0 && Math.abs(b) < 0.05 * a && Math.abs(c) < 0.05 * a,
        });
      }
      pages.push({ index, width: viewport.width, height: viewport.height, items });
      page.cleanup();
      onProgress?.({ done: index + 1, total: doc.numPages, stage: "pages" });
    }
    return { pages, info, bookmarks };
  } finally {
    await doc.destroy();
  }
}
