import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { linkFootnotes } from "@/lib/texts/import/footnotes";
import { htmlToFlow } from "@/lib/texts/import/html";
import { MAX_HTML_DEPTH } from "@/lib/texts/import/limits";
import { parseTextFile } from "@/lib/texts/import/parse-text-file";
import type { OutlineChapter } from "@/lib/texts/import/types";

// The inputs of issue 12 (failure 1), parsed in this thread: each must finish (or be refused)
// in time proportional to its size. The budgets below are loose (CI machines are shared) but
// far under what the quadratic versions took on the same inputs.

const encoder = new TextEncoder();
const WORDS = ["apple", "river", "stone", "cloud", "green", "night", "window", "silver"];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T | AppError }> {
  const started = performance.now();
  try {
    const result = await work();
    return { ms: performance.now() - started, result };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ms: performance.now() - started, result: error };
  }
}

describe("import parsers on hostile input", { timeout: 60_000 }, () => {
  it("a .txt of one-word lines (60,000 lines, 360 KB) parses in linear time", async () => {
    // Each line was appended to one growing paragraph and the whole paragraph re-tested with
    // a regular expression: 180 KB took 13 s, 40,000 lines 29 s. Now a few hundred ms.
    const text = Array.from({ length: 60_000 }, (_, i) => WORDS[i % WORDS.length]).join("\n");
    const { ms, result } = await timed(() =>
      parseTextFile({ fileName: "words.txt", bytes: encoder.encode(text) }),
    );
    expect(result).not.toBeInstanceOf(AppError);
    if (result instanceof AppError) return;
    const blocks = result.chapters.flatMap((chapter) => chapter.blocks);
    // Nothing is lost: every word is in the outline.
    const words = blocks.reduce((sum, block) => sum + block.text.split(/\s+/).length, 0);
    expect(words).toBe(60_000);
    // Quadratic, this input took over a minute (40,000 lines: 29 s); linear, ~1-3 s.
    expect(ms).toBeLessThan(30_000);
  });

  it("<div> nested 20,000 deep is refused at the depth cap, at once", async () => {
    const html = `<html><body>${"<div>".repeat(20_000)}deep${"</div>".repeat(20_000)}</body></html>`;
    const { ms, result } = await timed(() =>
      parseTextFile({ fileName: "deep.html", bytes: encoder.encode(html) }),
    );
    expect(result).toBeInstanceOf(AppError);
    expect((result as AppError).status).toBe(422);
    expect((result as AppError).message).toMatch(`more than ${MAX_HTML_DEPTH} deep`);
    expect(ms).toBeLessThan(2_000);
  });

  it("nesting just under the cap still parses, with the context of the innermost element", () => {
    const depth = MAX_HTML_DEPTH - 3;
    const html = `<body>${"<div>".repeat(depth)}<blockquote><p>Quoted.</p></blockquote>${"</div>".repeat(depth)}</body>`;
    const flow = htmlToFlow(html);
    expect(flow.items).toEqual([{ type: "block", block: { kind: "quote", text: "Quoted." } }]);
  });

  it("close tags that match nothing cost nothing, however deep the document", () => {
    // Each stray </span> used to scan the whole open-element stack.
    const depth = MAX_HTML_DEPTH - 2;
    const html = `<body>${"<div>".repeat(depth)}<p>${"x</span>".repeat(100_000)}</p>${"</div>".repeat(depth)}</body>`;
    const started = performance.now();
    const flow = htmlToFlow(html);
    expect(flow.items).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("one 5 MB line parses within the time budget", async () => {
    const line = "lorem ipsum dolor sit amet ".repeat(Math.ceil((5 * 1024 * 1024) / 27));
    const { ms, result } = await timed(() =>
      parseTextFile({ fileName: "line.txt", bytes: encoder.encode(line) }),
    );
    expect(result).not.toBeInstanceOf(AppError);
    expect(ms).toBeLessThan(20_000);
  });

  it("an EPUB entry that under-declares its size is stopped at its declared size", async () => {
    const opf =
      '<package><metadata><title>Bomb</title></metadata><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>';
    const zip = zipSync(
      {
        mimetype: strToU8("application/epub+zip"),
        "META-INF/container.xml": strToU8(
          '<?xml version="1.0"?><container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>',
        ),
        "content.opf": strToU8(opf),
        "c.xhtml": new Uint8Array(32 * 1024 * 1024).fill(0x61),
      },
      { level: 1 },
    );
    // Forge the central directory: c.xhtml claims 2,000 bytes, so the ratio check passes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let forged = false;
    for (let at = zip.length - 22; at >= 0; at--) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const name = new TextDecoder().decode(
        zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true)),
      );
      if (name === "c.xhtml") {
        view.setUint32(at + 24, 2_000, true);
        forged = true;
      }
    }
    expect(forged).toBe(true);
    const { ms, result } = await timed(() => parseTextFile({ fileName: "bomb.epub", bytes: zip }));
    expect(result).toBeInstanceOf(AppError);
    expect((result as AppError).status).toBe(413);
    expect((result as AppError).message).toMatch(/more than it declares \(2000 bytes\)/);
    // Stopped after the first inflate step, not after unpacking 32 MB.
    expect(ms).toBeLessThan(15_000);
  });

  it("footnote marks are resolved by label and chapter through maps (20,000 notes, 40,000 marks)", () => {
    const n = 20_000;
    const chapters: OutlineChapter[] = [
      {
        title: "Text",
        blocks: Array.from({ length: n }, (_, i) => ({
          kind: "paragraph" as const,
          text: `See [${i}] and [${i}] again.`,
        })),
      },
      {
        title: "Notes",
        blocks: Array.from({ length: n }, (_, i) => ({
          kind: "paragraph" as const,
          text: `[${i}] Note ${i}.`,
        })),
      },
    ];
    linkFootnotes(chapters);
    expect(chapters[0]?.blocks[123]?.footnoteRefs).toEqual(["123"]);
    expect(chapters[1]?.blocks[123]).toMatchObject({ kind: "footnote", footnoteId: "123" });
  });
});
