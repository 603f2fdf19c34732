/**
 * Rules of issue 13 for plain text and Markdown, on small texts shaped like real ones:
 * distributor conventions, headings in other languages, pasted Markdown, paragraph fidelity.
 */
import { describe, expect, it } from "vitest";
import { parsePastedText, parseTextFile } from "@/lib/texts/import/parse-text-file";
import { parsePlainText } from "@/lib/texts/import/plain-text/parse-plain-text";

const prose = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `Sentence number ${i + 1} of this paragraph runs on for a while, as prose lines do in books.`,
  ).join("\n");

function eText(body: string): string {
  return [
    "The Project Gutenberg EBook of Le Voyage, by Jeanne Exemple",
    "",
    "Title: Le Voyage",
    "",
    "Author: Jeanne Exemple",
    "",
    "Language: French",
    "",
    "*** START OF THIS PROJECT GUTENBERG EBOOK LE VOYAGE ***",
    "",
    "Produced by Someone and the Online Distributed Proofreading Team",
    "",
    "",
    body,
    "",
    "End of the Project Gutenberg EBook of Le Voyage, by Jeanne Exemple",
    "",
    "*** END OF THIS PROJECT GUTENBERG EBOOK LE VOYAGE ***",
    "",
    "Section 1. General Terms of Use and Redistributing Project Gutenberg-tm",
  ].join("\n");
}

describe("real-world text rules", () => {
  it("takes title, author and language from an e-text header and removes header, credits and licence", () => {
    const body = [
      "LE VOYAGE",
      "",
      "par Jeanne Exemple",
      "",
      "",
      "CHAPITRE PREMIER",
      "",
      "Le départ",
      "",
      prose(4),
      "",
      "CHAPITRE II",
      "",
      "L'arrivée",
      "",
      prose(4),
    ].join("\n");
    const outline = parsePlainText(eText(body), "fallback");
    expect(outline.title).toBe("Le Voyage");
    expect(outline.author).toBe("Jeanne Exemple");
    expect(outline.language).toBe("fr");
    expect(outline.chapters.map((c) => c.title)).toEqual([
      "CHAPITRE PREMIER Le départ",
      "CHAPITRE II L'arrivée",
    ]);
    const all = JSON.stringify(outline.chapters);
    expect(all).not.toContain("Gutenberg");
    expect(all).not.toContain("Produced by");
    const reasons = outline.notes?.removed.map((part) => part.reason) ?? [];
    expect(reasons).toEqual(expect.arrayContaining(["distributor-header", "licence"]));
  });

  it("recognises Глава and Kapitel headings, and a contents list as evidence, not chapters", () => {
    const text = [
      "Содержание",
      "",
      "Глава первая",
      "Глава вторая",
      "Глава третья",
      "",
      "",
      "",
      "Глава первая",
      "",
      prose(3),
      "",
      "Глава вторая",
      "",
      prose(3),
      "",
      "Глава третья",
      "",
      prose(3),
    ].join("\n");
    const outline = parsePlainText(text, "Повесть");
    expect(outline.chapters.map((c) => c.title)).toEqual([
      "Глава первая",
      "Глава вторая",
      "Глава третья",
    ]);
    expect(outline.notes?.removed.some((part) => part.reason === "contents")).toBe(true);
  });

  it("parses pasted Markdown as Markdown: one # title, chapters at ##, generated link list dropped", () => {
    const pasted = [
      "# Essays",
      "",
      "- [Part one](#part-one)",
      "- [Part two](#part-two)",
      "",
      "## Part one",
      "",
      "Some *text* here.",
      "",
      "## Part two",
      "",
      "More text with a [link](https://example.org).",
    ].join("\n");
    const outline = parsePastedText(pasted);
    expect(outline.title).toBe("Essays");
    expect(outline.chapters.map((c) => c.title)).toEqual(["Part one", "Part two"]);
    expect(JSON.stringify(outline.chapters)).not.toContain("#part-one");
  });

  it("collapses doubled spaces, keeps real compounds, drops soft hyphens and form feeds", () => {
    const text = [
      "\uFEFFA Title",
      "",
      "It was hot.  He rose from an after-dinner nap and walked to the after-",
      "lecture debate, where the long\u00ad winded speaker spoke.\f",
      "",
      "The end came soon.",
    ].join("\r\n");
    const outline = parsePlainText(text, "x");
    const blocks = outline.chapters.flatMap((c) => c.blocks.map((b) => b.text));
    expect(blocks[0]).toBe(
      "It was hot. He rose from an after-dinner nap and walked to the after-lecture debate, where the long winded speaker spoke.",
    );
  });

  it("takes a play's “First Act” as a chapter and leaves the “SCENE” line under it inside the act", () => {
    const act = (ordinal: string) => [`${ordinal} ACT`, "", "", "SCENE", "", "", prose(3), ""];
    const outline = parsePlainText(
      eText(
        [...act("FIRST"), "", "", "", ...act("SECOND"), "", "", "", ...act("THIRD")].join("\n"),
      ),
      "fallback",
    );
    expect(outline.chapters.map((c) => c.title)).toEqual(["FIRST ACT", "SECOND ACT", "THIRD ACT"]);
    expect(outline.chapters[0]?.blocks[0]).toEqual({ kind: "heading", text: "SCENE" });
  });

  it("matches a contents entry whose number stands on its own line, but not a line of dialogue naming it", () => {
    const chapter = (number: string, title: string, body: string) =>
      ["", "", "", "", number, "", title, "", "", body].join("\n");
    const outline = parsePlainText(
      eText(
        [
          "CONTENTS",
          "",
          "     I. UNDER THE PINES          1",
          "    II. JOSEF                   9",
          "   III. DERMOTT MCDERMOTT      20",
          chapter(
            "I",
            "UNDER THE PINES",
            `${prose(3)}\n\n"And his name?"\n\n"Dermott McDermott."\n\n${prose(2)}`,
          ),
          chapter("II", "JOSEF", prose(3)),
          chapter("III", "DERMOTT MCDERMOTT", prose(3)),
        ].join("\n"),
      ),
      "fallback",
    );
    expect(outline.chapters.map((c) => c.title)).toEqual([
      "UNDER THE PINES",
      "JOSEF",
      "DERMOTT MCDERMOTT",
    ]);
    expect(outline.chapters[0]?.blocks.map((b) => b.text)).toContain('"Dermott McDermott."');
  });

  it("opens a chapter at a heading set as far apart as the numbered chapters, after the last of them", () => {
    const gap = ["", "", "", ""];
    const outline = parsePlainText(
      eText(
        [
          ...gap,
          "CHAPTER I -- OF THE FIRST THINGS",
          "",
          prose(3),
          "",
          "",
          "A SECTION INSIDE",
          "",
          prose(3),
          ...gap,
          "CHAPTER II -- OF THE SECOND THINGS",
          "",
          prose(3),
          ...gap,
          "CHAPTER III -- OF THE LAST THINGS",
          "",
          prose(3),
          ...gap,
          "DESCRIPTION OF THE METHODS ADOPTED BY THE DUKE VALENTINO WHEN MURDERING",
          "VITELLOZZO VITELLI AND OTHERS",
          "",
          prose(3),
        ].join("\n"),
      ),
      "fallback",
    );
    expect(outline.chapters.map((c) => c.title)).toEqual([
      "CHAPTER I -- OF THE FIRST THINGS",
      "CHAPTER II -- OF THE SECOND THINGS",
      "CHAPTER III -- OF THE LAST THINGS",
      "DESCRIPTION OF THE METHODS ADOPTED BY THE DUKE VALENTINO WHEN MURDERING VITELLOZZO VITELLI AND OTHERS",
    ]);
  });

  it("ends a sentence left hanging on “the” with the upper-case word under it, not a chapter", () => {
    const outline = parsePlainText(
      eText(
        [
          "INTRODUCTION.",
          "",
          `${prose(2)}\nof which Class, regardless of Party Censure, is the`,
          "",
          "AUTHOR",
          "",
          prose(2),
          "",
          "",
          "OF MONARCHY AND HEREDITARY SUCCESSION.",
          "",
          prose(3),
        ].join("\n"),
      ),
      "fallback",
    );
    expect(outline.chapters.map((c) => c.title)).toEqual([
      "INTRODUCTION.",
      "OF MONARCHY AND HEREDITARY SUCCESSION.",
    ]);
  });

  it("reads a table row as one block and drops an e-book's “[Image unavailable.]” stand-in", async () => {
    const html = `<html lang="en"><head><title>Skating</title></head><body>
      <h1>Skating</h1><p>The turns are four in number, namely:</p>
      <div class="figcenter"><span>[Image unavailable.]</span></div>
      <table><tr><td>(i)</td><td>Outside forward to inside back.</td></tr>
      <tr><td>(ii)</td><td>Inside forward to outside back.</td></tr></table></body></html>`;
    const outline = await parseTextFile({
      fileName: "skating.html",
      bytes: new TextEncoder().encode(html),
    });
    const texts = outline.chapters.flatMap((c) => c.blocks.map((b) => b.text));
    expect(texts).toContain("(i) Outside forward to inside back.");
    expect(texts).toContain("(ii) Inside forward to outside back.");
    expect(texts.join(" ")).not.toContain("Image unavailable");
  });
});
