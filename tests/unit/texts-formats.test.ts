import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { EPUB_MAX_ENTRIES, MAX_INPUT_BYTES } from "@/lib/texts/import/limits";
import { parsePastedText, parseTextFile } from "@/lib/texts/import/parse-text-file";
import type { ImportProgress } from "@/lib/texts/import/types";

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

const EPUB_SKELETON = {
  mimetype: strToU8("application/epub+zip"),
  "META-INF/container.xml": strToU8(
    '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
  ),
};

describe("EPUB import", () => {
  it("moby-dick.epub: one chapter per nav entry that points at a whole file", async () => {
    const stages: ImportProgress[] = [];
    const outline = await parseTextFile(
      { fileName: "moby-dick.epub", bytes: fixture("epub/moby-dick.epub") },
      (progress) => stages.push(progress),
    );
    expect(outline.title).toBe("Moby-Dick");
    expect(outline.author).toBe("Herman Melville");
    expect(outline.language).toBe("en-US");
    const titles = outline.chapters.map((chapter) => chapter.title);
    // The nav lists title page, transcriber's notes, etymology, extracts, 135 chapters, epilogue,
    // copyright; the copyright page (the distributor's licence) is left out and noted.
    expect(titles).toHaveLength(140);
    expect(titles.slice(0, 5)).toEqual([
      "Moby-Dick",
      "Original Transcriber’s Notes:",
      "ETYMOLOGY.",
      "EXTRACTS (Supplied by a Sub-Sub-Librarian).",
      "Chapter 1. Loomings.",
    ]);
    expect(titles).toContain("Chapter 135. The Chase.—Third Day.");
    expect(titles.at(-1)).toBe("Epilogue");
    expect(outline.notes?.removed.map((part) => part.reason)).toContain("licence");
    const loomings = outline.chapters[4]?.blocks ?? [];
    expect(loomings[0]?.text).toMatch(/^Call me Ishmael\. Some years ago/);
    expect(loomings.some((block) => block.text === "Chapter 1. Loomings.")).toBe(false);
    expect(stages.some((stage) => stage.stage === "epub" && stage.done === stage.total)).toBe(true);
  });

  it("childrens-literature.epub: chapters run from one nav anchor to the next inside a single file", async () => {
    const outline = await parseTextFile({
      fileName: "childrens-literature.epub",
      bytes: fixture("epub/childrens-literature.epub"),
    });
    expect(outline.title).toBe("Children's Literature");
    expect(outline.author).toBe("Charles Madison Curry and Erle Elsworth Clippinger");
    const titles = outline.chapters.map((chapter) => chapter.title);
    expect(titles.slice(0, 5)).toEqual([
      "BIBLIOGRAPHY",
      "INTRODUCTORY",
      "190 A FOUR-LEAVED CLOVER",
      "191 THE LORD HELPETH MAN AND BEAST",
      "192 THE REAL PRINCESS",
    ]);
    expect(titles).toHaveLength(17);
    expect(titles.at(-1)).toBe("204 THE KING OF THE GOLDEN RIVER OR THE BLACK BROTHERS");
    // The story's parts sit under a hidden nav list: they are sections of the story, not chapters.
    const clover = outline.chapters[2]?.blocks ?? [];
    expect(clover.filter((block) => block.kind === "heading").map((block) => block.text)).toEqual(
      expect.arrayContaining(["1. The Rabbi and The Diadem", "2. Friendship"]),
    );
    // Every story's text stays in its own chapter: the next story's title is not inside it.
    expect(clover.some((block) => block.text.includes("THE LORD HELPETH MAN AND BEAST"))).toBe(
      false,
    );
  });

  it("rejects a broken zip", async () => {
    const bytes = fixture("epub/childrens-literature.epub").slice(0, 5_000);
    const error = await rejection(parseTextFile({ fileName: "broken.epub", bytes }));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toMatch(/damaged/);
  });

  it("rejects a zip bomb from its central directory before inflating it", async () => {
    const bomb = zipSync(
      { ...EPUB_SKELETON, "OEBPS/big.xhtml": new Uint8Array(40 * 1024 * 1024) },
      { level: 9 },
    );
    expect(bomb.length).toBeLessThan(200_000);
    const error = await rejection(parseTextFile({ fileName: "bomb.epub", bytes: bomb }));
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toMatch(/unpack to more than|zip bomb/);
  });

  it("rejects an EPUB with too many entries", async () => {
    const files: Record<string, Uint8Array> = { ...EPUB_SKELETON };
    for (let i = 0; i <= EPUB_MAX_ENTRIES; i++) files[`OEBPS/f${i}.xhtml`] = strToU8("<p>x</p>");
    const error = await rejection(
      parseTextFile({ fileName: "many.epub", bytes: zipSync(files, { level: 0 }) }),
    );
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toMatch(/more than 2000 files/);
  });

  it("rejects a zip that is not an EPUB", async () => {
    const zip = zipSync({ "notes.txt": strToU8("hello") });
    const error = await rejection(parseTextFile({ fileName: "notes.zip", bytes: zip }));
    expect(error.code).toBe("unsupported_media_type");
  });
});

describe("HTML and Markdown import", () => {
  it("HTML: the single h1 is the title, h2s are chapters, script/style/nav are ignored", async () => {
    const outline = await parseTextFile({
      fileName: "bureaucratism.html",
      bytes: fixture("texts/bureaucratism.html"),
    });
    expect(outline.title).toBe("Bureaucratism or Workers' Power");
    expect(outline.author).toBe("Ted Grant");
    expect(outline.language).toBe("en");
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual([
      "Introduction",
      "From an India to an America",
      "All Power to the Soviets",
    ]);
    const [india, soviets] = [outline.chapters[1]?.blocks ?? [], outline.chapters[2]?.blocks ?? []];
    expect(india.map((block) => block.kind)).toEqual(["paragraph", "quote"]);
    expect(india[0]?.text).toBe(
      "Fifty years ago the world was shaken to its foundations by the Russian Revolution.1",
    );
    expect(india[0]?.footnoteRefs).toEqual(["n1"]);
    expect(soviets.map((block) => block.kind)).toEqual([
      "paragraph",
      "list-item",
      "list-item",
      "footnote",
    ]);
    expect(soviets.at(-1)?.footnoteId).toBe("n1");
    const all = outline.chapters
      .flatMap((chapter) => chapter.blocks.map((block) => block.text))
      .join(" ");
    expect(all).not.toMatch(/not text|Home|margin/);
  });

  it("Markdown: front matter, headings, quotes, list items and [^n] footnotes from markdown-it tokens", async () => {
    const outline = await parseTextFile({
      fileName: "reading-notes.md",
      bytes: fixture("texts/reading-notes.md"),
    });
    expect(outline.title).toBe("Notes on the Soviet Economy");
    expect(outline.author).toBe("Reading Group");
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual([
      "Introduction",
      "Planning and command",
      "Workers' democracy",
    ]);
    const planning = outline.chapters[1]?.blocks ?? [];
    expect(planning.map((block) => block.kind)).toEqual([
      "paragraph",
      "quote",
      "list-item",
      "list-item",
      "list-item",
      "heading",
      "paragraph",
    ]);
    expect(planning[0]?.text).toBe(
      "In his article, The Art of Planning, written in 1932, Trotsky points to the three elements of planning in a workers' state:",
    );
    expect(planning[1]?.footnoteRefs).toEqual(["1"]);
    const note = outline.chapters[2]?.blocks.at(-1);
    expect(note).toMatchObject({ kind: "footnote", footnoteId: "1" });
  });
});

describe("input checks", () => {
  it("rejects input over the size limit before reading it", async () => {
    const bytes = new Uint8Array(MAX_INPUT_BYTES + 1).fill(0x61);
    const error = await rejection(parseTextFile({ fileName: "big.txt", bytes }));
    expect(error.code).toBe("payload_too_large");
  });

  it("rejects an empty file and a file of blank lines", async () => {
    expect(
      (await rejection(parseTextFile({ fileName: "empty.txt", bytes: new Uint8Array() }))).code,
    ).toBe("unprocessable");
    const blank = strToU8("\n \n\t\n\n");
    const error = await rejection(parseTextFile({ fileName: "blank.txt", bytes: blank }));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toBe("This file contains no readable text.");
  });

  it("rejects a damaged PDF, binary bytes, an unknown extension", async () => {
    const pdf = strToU8("%PDF-1.7\n1 0 obj");
    expect((await rejection(parseTextFile({ fileName: "book.pdf", bytes: pdf }))).code).toBe(
      "unprocessable",
    );
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await rejection(parseTextFile({ fileName: "notes.txt", bytes: binary }))).code).toBe(
      "unsupported_media_type",
    );
    const docx = strToU8("whatever");
    const error = await rejection(parseTextFile({ fileName: "essay.docx", bytes: docx }));
    expect(error.code).toBe("unsupported_media_type");
    expect(error.message).toMatch(/\.docx/);
  });

  it("reads Windows-1252 text that is not valid UTF-8", async () => {
    const bytes = new Uint8Array([
      ...strToU8("Lenin"),
      0x92,
      ...strToU8("s last struggle began in 1922 and ended soon."),
    ]);
    const outline = await parseTextFile({ fileName: "latin.txt", bytes });
    expect(outline.chapters[0]?.blocks[0]?.text).toBe(
      "Lenin’s last struggle began in 1922 and ended soon.",
    );
  });

  it("pasted text goes through the same clean-up and keeps the given title", () => {
    const outline = parsePastedText(
      "In the summer of 1991 the USSR itself collapsed, sud-\n denly. On 19 August a group of top bureaucrats\ndetained Gorbachev at his holiday villa in Crimea.\n",
      "Stalin’s system collapses",
    );
    expect(outline.title).toBe("Stalin’s system collapses");
    expect(outline.chapters[0]?.blocks[0]?.text).toContain("collapsed, suddenly.");
    expect(() => parsePastedText("   \n\n")).toThrow(/no readable text/);
  });
});
