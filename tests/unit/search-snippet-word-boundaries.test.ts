import { describe, expect, it } from "vitest";
import { headlineToHtml } from "@/lib/annotations/search-comments";
import { cutSnippet, markedFragments, snippetHtml } from "@/lib/texts/snippet";

const S = "\u0002";
const E = "\u0003";

function joined(fragments: { text: string }[]): string {
  return fragments.map((fragment) => fragment.text).join("");
}

/** Every word of the cut snippet (ellipses aside) is a whole word of the source. */
function expectWholeWords(source: string, snippet: string, locale?: string) {
  const words = (text: string) =>
    [...new Intl.Segmenter(locale, { granularity: "word" }).segment(text)]
      .filter((part) => part.isWordLike)
      .map((part) => part.segment);
  const sourceWords = new Set(words(source));
  for (const word of words(snippet.replaceAll("…", " "))) expect(sourceWords).toContain(word);
}

describe("search snippets", () => {
  it("a short text is kept whole, with its matches", () => {
    expect(cutSnippet(markedFragments(`the ${S}sea${E} rose`, S, E))).toEqual([
      { text: "the ", match: false },
      { text: "sea", match: true },
      { text: " rose", match: false },
    ]);
  });

  it("a long English text is cut between words around the match, with ellipses", () => {
    const before = "Call me Ishmael. Some years ago never mind how long precisely having little ";
    const after =
      " or no money in my purse, and nothing particular to interest me on shore, I thought";
    const source = `${before.repeat(4)}${S}whaling${E}${after.repeat(4)}`;
    const fragments = cutSnippet(markedFragments(source, S, E), { maxChars: 80 });
    const text = joined(fragments);
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(82);
    expect(fragments.filter((fragment) => fragment.match)).toEqual([
      { text: "whaling", match: true },
    ]);
    expectWholeWords(source.replaceAll(S, "").replaceAll(E, ""), text);
  });

  it("Japanese is cut at its word boundaries, not mid-word", () => {
    const source = `${"吾輩は猫である。名前はまだ無い。".repeat(6)}${S}猫${E}${"どこで生れたかとんと見当がつかぬ。".repeat(6)}`;
    const text = joined(cutSnippet(markedFragments(source, S, E), { maxChars: 40, locale: "ja" }));
    expect(text).toContain("猫");
    expectWholeWords(source.replaceAll(S, "").replaceAll(E, ""), text, "ja");
  });

  it("emoji sequences are never split", () => {
    const family = "👨‍👩‍👧‍👦";
    const source = `${`${family} `.repeat(30)}${S}match${E}${` ${family}`.repeat(30)}`;
    const text = joined(cutSnippet(markedFragments(source, S, E), { maxChars: 50 }));
    const graphemes = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)];
    for (const { segment } of graphemes)
      expect(["…", " ", "m", "a", "t", "c", "h", family]).toContain(segment);
  });

  it("one word longer than the window is cut between characters, never inside one", () => {
    const source = `${S}${"é".normalize("NFD").repeat(200)}${E}`;
    const text = joined(cutSnippet(markedFragments(source, S, E), { maxChars: 30 }));
    expect(text.endsWith("…")).toBe(true);
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(
      text.slice(0, -1),
    ))
      expect(segment).toBe("é".normalize("NFD"));
  });

  it("snippet HTML escapes the text and marks only matches", () => {
    expect(
      snippetHtml([
        { text: "<b>", match: false },
        { text: "x&y", match: true },
      ]),
    ).toBe("&lt;b&gt;<mark>x&amp;y</mark>");
  });

  it("comment snippets read as plain text: no Markdown, mentions as the member's current name", () => {
    const html = headlineToHtml(
      "**core** point for @[Old Name](user:u1) about the \uE000lighthouse\uE001",
      (id) => (id === "u1" ? "Rosa Lindqvist" : undefined),
    );
    expect(html).toBe("core point for @Rosa Lindqvist about the <mark>lighthouse</mark>");
  });

  it("a match inside a mention token does not break the token", () => {
    expect(headlineToHtml("ask @[\uE000Rosa\uE001 Lindqvist](user:u1)")).toBe(
      "ask @Rosa Lindqvist",
    );
  });
});
