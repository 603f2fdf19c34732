/**
 * Saved web pages: metadata from the page's head and <h1>, the main text through Readability
 * with page chrome removed and listed, sections from styled paragraphs when there are no
 * heading tags.
 */
import { describe, expect, it } from "vitest";
import { parseHtmlPage, pageTitle } from "@/lib/texts/import/html-page";
import { parseHTML } from "linkedom";

const filler = (topic: string) =>
  `<p>${`This paragraph about ${topic} is long enough that a reader would call it prose, with clauses, commas and a full stop. `.repeat(3)}</p>`;

describe("HTML page import", () => {
  it("takes the <h1> inside <title> as the title, not the site name or the file name", () => {
    const { document } = parseHTML(
      "<html><head><title>Rosetta Stone - Wikipedia</title></head><body><h1>Rosetta Stone<span class='mw-editsection'>[edit]</span></h1></body></html>",
    );
    expect(pageTitle(document)).toBe("Rosetta Stone");
    const bibliographic = parseHTML(
      '<html><head><title>Journal site</title><meta name="citation_title" content="On Bees"></head><body></body></html>',
    ).document;
    expect(pageTitle(bibliographic)).toBe("On Bees");
  });

  it("removes navigation, contents boxes, footers and [edit] links, and lists what went", () => {
    const html = `<html lang="en"><head><title>Essays | Quiet Press</title>
      <meta name="citation_author" content="Whitfield, Ada"></head><body>
      <nav>Home Archive About</nav>
      <div id="toc"><h2>Contents</h2><ol><li>First part</li><li>Second part</li></ol></div>
      <main><h1>Essays</h1>
      <h2>First part<span class="mw-editsection">[<a href="#">edit</a>]</span></h2>${filler("the first part")}${filler("reading")}
      <h2>Second part <a href="?action=edit">[edit]</a></h2>${filler("the second part")}${filler("talking")}
      </main><footer>Copyright Quiet Press. Navigation menu.</footer></body></html>`;
    const outline = parseHtmlPage(html, "saved-page");
    expect(outline.title).toBe("Essays");
    expect(outline.author).toBe("Ada Whitfield");
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual(["First part", "Second part"]);
    const everything = JSON.stringify(outline.chapters);
    expect(everything).not.toMatch(/\[edit\]|Navigation menu|Home Archive|Contents/);
    expect(outline.notes?.removed.map((part) => part.reason)).toEqual(
      expect.arrayContaining(["navigation", "contents", "page-furniture"]),
    );
  });

  it("makes sections of short bold paragraphs on a page without heading tags, and marks them doubtful", () => {
    const html = `<html><head><title>Two Letters</title></head><body><div class="post">
      <p><b>The First Letter</b></p>${filler("the first letter")}${filler("a journey")}
      <p><strong>The Second Letter</strong></p>${filler("the second letter")}${filler("a return")}
      </div></body></html>`;
    const outline = parseHtmlPage(html, "two-letters");
    expect(outline.title).toBe("Two Letters");
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual([
      "The First Letter",
      "The Second Letter",
    ]);
    expect(outline.notes?.doubtfulHeadings.map((heading) => heading.chapterIndex)).toEqual([0, 1]);
  });
});
