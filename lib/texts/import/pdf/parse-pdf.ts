import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { chaptersFromFlow, type FlowItem } from "../flow";
import { linkFootnotes } from "../footnotes";
import { guessLanguage } from "../text-utils";
import { splitDistributorItems } from "../plain-text/distributor";
import { isAllCaps, numberedHeading } from "../plain-text/line-rules";

const CONTENTS_TITLE =
  /^(?:(?:table of )?contents|table des mati[èe]res|sommaire|inhalt(?:sverzeichnis)?|[íi]ndice|содержание|оглавление)\.?$/i;
import type { OnImportProgress, Outline, RemovedPart } from "../types";
import { bodyStyle, linesToBlocks, type PdfBlock } from "./blocks";
import { removeFurniture } from "./furniture";
import { findHeadings, headingsFromBookmarks, normalizeTitle } from "./headings";
import { pageLines } from "./lines";
import { authorText, plausibleAuthor, plausibleTitle, titleFromFirstPage } from "./metadata";
import { readPdf, type PdfDocument } from "./read-pdf";

const NUMBERED_TITLE = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)\s/;

/** Fewer characters than this per page on average: the pages are pictures (a scan). */
const MIN_TEXT_PER_PAGE = 20;

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

/** The document (already read) → outline. Exported for tests and the benchmark. */
export function outlineFromPdf(doc: PdfDocument, fallbackTitle: string): Outline {
  const linesByPage = doc.pages.map((page) => pageLines(page));
  const characters = linesByPage.flat().reduce((sum, line) => sum + line.text.length, 0);
  if (characters < MIN_TEXT_PER_PAGE * Math.max(1, doc.pages.length) * 0.5 || characters < 40) {
    throw new AppError(
      "unprocessable",
      "This PDF has no text layer: its pages are images (a scan). Run it through OCR (text recognition) first, or upload the text another way.",
    );
  }
  const body = bodyStyle(linesByPage.flat());
  const { lines: kept, removed } = removeFurniture(doc.pages, linesByPage, body.size);
  const blocks = linesToBlocks(kept.flat(), body);

  const firstPageHeight = doc.pages[0]?.height ?? 792;
  const printed = titleFromFirstPage(blocks, body.size, firstPageHeight);
  const title =
    plausibleTitle(doc.info.title) ?? (printed.title ? printed.title.text : null) ?? fallbackTitle;
  const author =
    plausibleAuthor(doc.info.author) ?? (printed.author ? authorText(printed.author) : null);

  const dropped = new Set<PdfBlock>();
  const notes: RemovedPart[] = [...removed];
  if (printed.title) dropped.add(printed.title);
  if (printed.author) dropped.add(printed.author);

  const headings = headingsFromBookmarks(blocks, doc.bookmarks) ?? findHeadings(blocks, body);
  // Without a printed title large enough to tell, the first page's leading headings that
  // repeat the metadata title's words are that title, not chapters.
  if (!printed.title && plausibleTitle(doc.info.title)) {
    const titleWords = new Set(normalizeTitle(title).split(" "));
    for (const block of blocks) {
      if (!headings.has(block) || block.page !== blocks[0]?.page) break;
      const words = normalizeTitle(block.text).split(" ");
      const shared = words.filter((word) => titleWords.has(word)).length;
      if (shared < words.length * 0.5) break;
      dropped.add(block);
    }
  }
  // Front matter of a paper (affiliations, addresses, e-mail lines) sits on the first page
  // before its first real heading in short pieces; the first real heading is one followed by
  // prose. An abstract or preface there is long and stays.
  const firstHeading = blocks.findIndex(
    (block, i) =>
      headings.has(block) &&
      !dropped.has(block) &&
      (blocks[i + 1]?.text.split(/\s+/).length ?? 0) >= 25 &&
      !headings.has(blocks[i + 1] as PdfBlock),
  );
  if (firstHeading > 0) {
    const before = blocks.slice(0, firstHeading).filter((block) => !dropped.has(block));
    if (
      before.length > 0 &&
      before.every(
        (block) => block.page === blocks[0]?.page && block.text.split(/\s+/).length <= 25,
      )
    ) {
      for (const block of before) {
        dropped.add(block);
        notes.push({
          reason: "front-matter",
          excerpt: excerpt(block.text),
          characters: block.text.length,
        });
      }
    }
  }

  const items: FlowItem[] = [];
  for (const block of blocks) {
    if (dropped.has(block)) continue;
    const heading = headings.get(block);
    if (heading) items.push({ type: "heading", level: heading.level, text: heading.text });
    else items.push({ type: "block", block: { kind: "paragraph", text: block.text } });
  }
  // A heading directly under another of the same rank ("4. Request …" then "Resolution …")
  // belongs to it: otherwise the first would open an empty chapter and be lost.
  for (let i = 1; i < items.length; i++) {
    const previous = items[i - 1];
    const item = items[i];
    if (
      previous?.type === "heading" &&
      item?.type === "heading" &&
      item.level <= previous.level &&
      NUMBERED_TITLE.test(previous.text) &&
      !NUMBERED_TITLE.test(item.text)
    )
      item.level = previous.level + 1;
  }
  // "CHAPTER IV" / "DYNAMICS": a division number set over its title, the title printed as
  // a short upper-case line of body size.
  for (let i = 0; i + 1 < items.length; i++) {
    const item = items[i];
    const next = items[i + 1];
    if (item?.type !== "heading" || next?.type !== "block") continue;
    const numbered = numberedHeading(item.text);
    if (!numbered?.keyword || numbered.rest) continue;
    const words = next.block.text;
    if (words.length > 80 || !isAllCaps(words.replace(/\([^)]*\)/g, ""))) continue;
    item.text = `${item.text} ${words}`;
    items.splice(i + 1, 1);
  }
  // An e-text archive's PDF edition carries the same header and licence as its text edition.
  const distributor = splitDistributorItems(items, notes);
  const chapters = chaptersFromFlow(distributor.items, title).filter((chapter) => {
    // The printed contents page: the outline is the reader's contents now.
    if (!CONTENTS_TITLE.test(chapter.title.trim())) return true;
    const text = chapter.blocks.map((block) => block.text).join(" ");
    notes.push({ reason: "contents", excerpt: excerpt(text), characters: text.length });
    return false;
  });
  linkFootnotes(chapters);
  const plain = blocks.map((block) => block.text).join("\n");
  const language = doc.info.language?.slice(0, 2).toLowerCase() || guessLanguage(plain);
  return {
    title,
    author,
    language: language || null,
    chapters,
    notes: { removed: notes, doubtfulHeadings: [] },
  };
}

/** PDF bytes → outline, within the configured page and time limits. */
export async function parsePdf(
  bytes: Uint8Array,
  fallbackTitle: string,
  onProgress?: OnImportProgress,
): Promise<Outline> {
  const env = getEnv();
  if (bytes.length > env.PARSE_PDF_MAX_BYTES) {
    throw new AppError(
      "payload_too_large",
      `This PDF is larger than ${Math.round(env.PARSE_PDF_MAX_BYTES / (1024 * 1024))} MB.`,
    );
  }
  const doc = await readPdf(
    bytes,
    // Stop a little before the worker pool would kill the thread, to say where it stopped.
    { maxPages: env.PARSE_PDF_MAX_PAGES, deadlineMs: env.PARSE_TIMEOUT_MS * 0.9 },
    onProgress,
  );
  const outline = outlineFromPdf(doc, fallbackTitle);
  onProgress?.({ done: doc.pages.length, total: doc.pages.length, stage: "outline" });
  return outline;
}
