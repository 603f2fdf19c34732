import { describe, expect, it } from "vitest";
import { LruCache } from "@/lib/texts/lru-cache";
import { countWords, outlineToJson } from "@/lib/texts/outline-json";
import { paragraphPath } from "@/lib/texts/reader-urls";
import { safeSearchConfig, searchConfigFor } from "@/lib/texts/search-config";
import { headlineFragments } from "@/lib/texts/search-library";

describe("search configuration by language", () => {
  it.each([
    ["en", "english"],
    ["en-US", "english"],
    ["fr", "french"],
    ["de_DE", "german"],
    ["pt-BR", "portuguese"],
    ["ja", "simple"],
    [null, "simple"],
    ["", "simple"],
  ])("%s → %s", (language, config) => {
    expect(searchConfigFor(language)).toBe(config);
  });

  it("a stored configuration that is not one of ours falls back to simple before it reaches SQL", () => {
    expect(safeSearchConfig("english")).toBe("english");
    expect(safeSearchConfig("english'; DROP TABLE x; --")).toBe("simple");
  });
});

describe("search snippets", () => {
  it("splits ts_headline output into plain and matched pieces", () => {
    expect(headlineFragments("the \u0002bureaucracy\u0003 held \u0002power\u0003")).toEqual([
      { text: "the ", match: false },
      { text: "bureaucracy", match: true },
      { text: " held ", match: false },
      { text: "power", match: true },
    ]);
  });

  it("an unterminated match runs to the end; no selection markers leak", () => {
    expect(headlineFragments("a \u0002b")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
    ]);
    expect(headlineFragments("plain")).toEqual([{ text: "plain", match: false }]);
  });
});

describe("outline JSON and counts", () => {
  it("keeps title, author and paragraph texts only, as the outline command prints them", () => {
    expect(
      outlineToJson({
        title: "T",
        author: null,
        language: "en",
        chapters: [
          {
            title: "One",
            blocks: [
              { kind: "paragraph", text: "First.", footnoteRefs: ["1"] },
              { kind: "footnote", text: "[1] Note.", footnoteId: "1" },
            ],
          },
        ],
      }),
    ).toEqual({
      title: "T",
      author: null,
      chapters: [{ title: "One", paragraphs: ["First.", "[1] Note."] }],
    });
  });

  it("counts words separated by any white space", () => {
    expect(countWords("  The plan\tneeds\ndemocracy. ")).toBe(4);
    expect(countWords("   ")).toBe(0);
  });

  it("paragraph links are the chapter reader path with #p-<id>", () => {
    expect(paragraphPath("g", "t", "c", "p")).toBe("/groups/g/texts/t/chapters/c#p-p");
  });
});

describe("LruCache", () => {
  it("evicts the least recently used entry, and a read counts as use", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });
});
