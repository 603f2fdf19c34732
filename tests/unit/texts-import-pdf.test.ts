import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { parseTextFile } from "@/lib/texts/import/parse-text-file";
import { readPdf } from "@/lib/texts/import/pdf/read-pdf";
import type { ImportProgress, Outline } from "@/lib/texts/import/types";

const bytesOf = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../${path}`, import.meta.url)));

const PAPER = "corpus/pdf-en-arxiv-dense-passage-retrieval/source.pdf";
const MINUTES = "corpus/pdf-fr-proces-verbal-demolition/source.pdf";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

function allText(outline: Outline): string {
  return outline.chapters
    .flatMap((chapter) => chapter.blocks.map((block) => block.text))
    .join("\n");
}

// pdfjs parses a 13-page paper in a few seconds alone, far longer on a busy CI machine.
const SLOW = 180_000;

describe("PDF import: a two-column arXiv paper", () => {
  let outline: Outline;
  const progress: ImportProgress[] = [];
  beforeAll(async () => {
    outline = await parseTextFile({ fileName: "dpr.pdf", bytes: bytesOf(PAPER) }, (step) =>
      progress.push(step),
    );
  }, SLOW);

  it("reads the left column before the right one: section 3 opens its own chapter", () => {
    const titles = outline.chapters.map((chapter) => chapter.title);
    expect(titles.slice(0, 4)).toEqual([
      "Abstract",
      "1 Introduction",
      "2 Background",
      "3 Dense Passage Retriever (DPR)",
    ]);
    expect(titles).toContain("B Alternative Similarity Functions & Triplet Loss");
  });

  it("drops the rotated arXiv stamp and the title page's affiliations, noting why", () => {
    expect(allText(outline)).not.toContain("arXiv:2004.04906");
    const reasons = outline.notes?.removed.map((part) => [part.reason, part.excerpt]) ?? [];
    expect(reasons).toContainEqual(["page-furniture", "arXiv:2004.04906v3 [cs.CL] 30 Sep 2020"]);
    expect(reasons.some(([reason]) => reason === "front-matter")).toBe(true);
  });

  it("joins typesetter's hyphens and keeps real compounds", () => {
    const text = allText(outline);
    expect(text).toContain("replace the traditional sparse retrieval component");
    expect(text).toContain("While a simple dual-encoder approach");
    expect(text).not.toContain("tra-ditional");
  });

  it("takes the title and authors from the first page when the metadata has none", () => {
    expect(outline.title).toBe("Dense Passage Retrieval for Open-Domain Question Answering");
    expect(outline.author).toMatch(/^Vladimir Karpukhin, Barlas Oğuz, Sewon Min/);
    expect(outline.language).toBe("en");
  });

  it("streams progress once per page", () => {
    const pages = progress.filter((step) => step.stage === "pages");
    expect(pages.map((step) => step.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(pages.every((step) => step.total === 13)).toBe(true);
  });
});

describe("PDF import: French minutes with numbered sections in bold", () => {
  it(
    "numbered sections become chapters, not glued to the paragraph before",
    async () => {
      const outline = await parseTextFile({ fileName: "pv.pdf", bytes: bytesOf(MINUTES) });
      expect(outline.chapters.map((chapter) => chapter.title)).toEqual([
        "Présences",
        "1. Ouverture de la séance",
        "2. Adoption de l’ordre du jour",
        "3. Période de question du public",
        "4. Demande de démolition pour le 1069, boulevard de de Sainte-Adèle",
        "5. LEVÉE DE LA SÉANCE",
      ]);
      expect(outline.chapters[1]?.blocks.map((block) => block.text)).toEqual([
        "La séance est ouverte à 16h00.",
      ]);
      expect(outline.language).toBe("fr");
    },
    SLOW,
  );
});

describe("PDF import: refusals", () => {
  it(
    "a scanned PDF (pages are images, no text layer) is refused with a clear 422",
    async () => {
      const error = await rejection(
        parseTextFile({
          fileName: "scan.pdf",
          bytes: bytesOf("fixtures/pdf/scanned-lorem-ipsum.pdf"),
        }),
      );
      expect(error.code).toBe("unprocessable");
      expect(error.message).toMatch(/no text layer/);
    },
    SLOW,
  );

  it(
    "a PDF over the page limit is refused before its pages are read",
    async () => {
      const seen: ImportProgress[] = [];
      const error = await rejection(
        readPdf(bytesOf(PAPER), { maxPages: 5, deadlineMs: 60_000 }, (step) => seen.push(step)),
      );
      expect(error.code).toBe("payload_too_large");
      expect(error.message).toMatch(/13 pages; at most 5/);
      expect(seen).toEqual([]);
    },
    SLOW,
  );

  it(
    "a PDF past the time limit is stopped, saying where",
    async () => {
      const error = await rejection(readPdf(bytesOf(PAPER), { maxPages: 100, deadlineMs: 0 }));
      expect(error.code).toBe("unprocessable");
      expect(error.message).toMatch(/stopped at page 1 of 13/);
    },
    SLOW,
  );

  it(
    "a file that only claims to be a PDF is refused as damaged",
    async () => {
      const bytes = new TextEncoder().encode("%PDF-1.7\nnot really");
      const error = await rejection(parseTextFile({ fileName: "fake.pdf", bytes }));
      expect(error.code).toBe("unprocessable");
      expect(error.message).toMatch(/damaged/);
    },
    SLOW,
  );

  it("a LaTeX book: chapter running heads go, 'CHAPTER IV' joins its title, the contents page is no chapter", async () => {
    const outline = await parseTextFile({
      fileName: "41568-pdf.pdf",
      bytes: bytesOf("corpus/pdf-en-introduction-to-mathematics/source.pdf"),
    });
    const titles = outline.chapters.map((chapter) => chapter.title);
    expect(outline.title).toBe("An Introduction to Mathematics");
    expect(titles).toContain("CHAPTER IV DYNAMICS");
    expect(titles).not.toContain("CONTENTS");
    const text = allText(outline);
    expect(text).not.toMatch(/\bVARIABLES \d+\b/);
    expect(outline.notes?.removed.map((part) => part.reason)).toContain("contents");
  }, 120_000);
});
