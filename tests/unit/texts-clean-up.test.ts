import { describe, expect, it } from "vitest";
import { parsePlainText } from "@/lib/texts/import/plain-text/parse-plain-text";
import { WordIndex, joinHyphenated } from "@/lib/texts/import/plain-text/word-index";
import type { Block, Outline } from "@/lib/texts/import/types";

const blocks = (outline: Outline): Block[] => outline.chapters.flatMap((chapter) => chapter.blocks);
const texts = (outline: Outline): string[] => blocks(outline).map((block) => block.text);

// Passages below are copied from seeds/002_45fa8428baf552bc.txt (extracted from a PDF) unless noted.
const WRAPPED_PASSAGE = `Mass revolt quickly won national independence in one
country after another. Within the space of a few months,
in 1989, the Russian domination of nearly half a century
collapsed all over Eastern Europe. The old regimes were
ousted, and new leaders — of different sorts, but all more
or less pro-capitalist — took over.
In the summer of 1991 the USSR itself collapsed, sud-
 denly. On 19 August a group of top bureaucrats, including the Defence Minister, the Vice-President, and the
heads of the Interior Ministry and the KGB, detained
Gorbachev at his holiday villa in Crimea, and attempted a
coup.
After three days of turmoil, strikes, and demonstrations, they were themselves arrested on 21 August. Boris
Yeltsin, who had been elected president of Russia (Russia
proper, rather than the USSR) in June 1991, took power.
`;

describe("plain text clean-up: hard-wrapped lines", () => {
  it("joins wrapped lines into paragraphs and breaks at a short line that ends a sentence", () => {
    const result = texts(parsePlainText(WRAPPED_PASSAGE, "t"));
    expect(result).toHaveLength(3);
    expect(result[0]).toBe(
      "Mass revolt quickly won national independence in one country after another. Within the space of a few months, in 1989, the Russian domination of nearly half a century collapsed all over Eastern Europe. The old regimes were ousted, and new leaders — of different sorts, but all more or less pro-capitalist — took over.",
    );
    expect(result[1]).toMatch(
      /^In the summer of 1991 the USSR itself collapsed, suddenly\. On 19 August/,
    );
    expect(result[1]).toMatch(/attempted a coup\.$/);
  });

  it("joins a word split by a line-end hyphen (“sud-” + “denly”)", () => {
    expect(texts(parsePlainText(WRAPPED_PASSAGE, "t")).join(" ")).toContain("collapsed, suddenly.");
  });

  it("keeps a real hyphen when the hyphenated form occurs elsewhere in the text", () => {
    const index = new WordIndex(
      "the self-disgust of the regime; Socialism is dying of self-disgust",
    );
    expect(
      joinHyphenated("dying of shame, failure and self-", "disgust before our eyes", index),
    ).toBe("dying of shame, failure and self-disgust before our eyes");
  });

  it("drops the hyphen when the joined word occurs elsewhere, even after a usual prefix", () => {
    const index = new WordIndex("a cooperative and the cooperative movement");
    expect(joinHyphenated("the co-", "operative", index)).toBe("the cooperative");
  });

  it("keeps the hyphen after a common prefix without other evidence, and before a capital", () => {
    const index = new WordIndex("nothing relevant here");
    expect(joinHyphenated("Poland, with its newly-installed anti-", "government", index)).toBe(
      "Poland, with its newly-installed anti-government",
    );
    expect(joinHyphenated("the anti-", "Stalinist revolution", index)).toBe(
      "the anti-Stalinist revolution",
    );
    expect(joinHyphenated("the decay, disarray, and demoralisa-", "tion", index)).toBe(
      "the decay, disarray, and demoralisation",
    );
  });

  it("puts back a hyphen the extraction lost before a capital (“antiStalinist”)", () => {
    const outline = parsePlainText(
      "Even militants with experience in civil fights, had a more serious idea of what the antiStalinist revolution involved.\n",
      "t",
    );
    expect(texts(outline)[0]).toContain("anti-Stalinist revolution");
  });
});

describe("plain text clean-up: drop capitals", () => {
  const source = `2. What’s in the coffin at
the funeral of socialism?

B

March 1990

OURGEOIS propagandists and ex-Stalinists
alike tell us that we are witnessing the end of
socialism. Socialism is dying of shame, failure
and self disgust before our eyes in Eastern
Europe.
`;

  it("rejoins a drop capital standing alone before its word, across the date line", () => {
    const outline = parsePlainText(source, "t");
    const all = blocks(outline);
    expect(all.find((block) => block.kind === "paragraph")?.text).toMatch(
      /^BOURGEOIS propagandists and ex-Stalinists alike/,
    );
    expect(all.find((block) => block.kind === "dateline")?.text).toBe("March 1990");
    expect(texts(outline)).not.toContain("B");
  });

  it("restores a capital the extraction lost entirely, from the text's own words", () => {
    const outline = parsePlainText(
      ` Introduction

t is 20 years since the destruction of the Berlin Wall
by the people of then divided Germany signalled
that Russia’s control over Eastern Europe was collapsing. It had held Eastern Europe in a brutal
grip for four and a half decades.
`,
      "t",
    );
    expect(outline.chapters[0]?.title).toBe("Introduction");
    expect(texts(outline)[0]).toMatch(/^It is 20 years since/);
  });
});

describe("plain text clean-up: page furniture", () => {
  // seeds/000: two real paragraphs with a page number and a running header between pages.
  const source = `The working class expropriated capitalist property in the Soviet Union in 1917, and accumulation of capital remained illegal in the USSR up until very recently.

14

Stalinism: Its Origin and Future

The bureaucracy, owing to its conditions of life, aspired to ownership of the means of production, but was excluded from this by Soviet law.

15

Stalinism: Its Origin and Future

As the productivity of the statified economy declined, the opportunity for individual production and exchange, and small-scale business grew.

16

Stalinism: Its Origin and Future

The bureaucrats themselves were best placed to participate in such illegal trading.
`;

  it("drops page numbers and a running header repeated on every page", () => {
    const result = texts(parsePlainText(source, "t"));
    expect(result).toHaveLength(4);
    expect(result.some((text) => /^1[456]$/.test(text))).toBe(false);
    expect(result.some((text) => text.includes("Its Origin and Future"))).toBe(false);
  });

  it("rejoins a paragraph cut by “Continued on page” with the column where it resumes", () => {
    const outline = parsePlainText(
      `Anti-Stalinist socialist movements are, for the first time in
Continued page 4
 half a century or more, free to function openly. Whatever
beliefs or illusions in market capitalism there are now
throughout Eastern Europe — they cannot last.
`,
      "t",
    );
    expect(texts(outline)).toEqual([
      "Anti-Stalinist socialist movements are, for the first time in half a century or more, free to function openly. Whatever beliefs or illusions in market capitalism there are now throughout Eastern Europe — they cannot last.",
    ]);
  });

  it("moves a picture caption out of the sentence it interrupts", () => {
    const outline = parsePlainText(
      `own ten year long “Vietnam war”, that it could not annex
Afghanistan to its empire against the wishes of a people
determined to resist, and so decided to cut its losses and
withdraw.
Gorbachev and his associates decided to let things take

Romania: sections of the military as well as the people fight the old regime
their course in Eastern Europe, and, while maintaining
the occupation armies there, to let their political satraps
go down before the anger of the people.
`,
      "t",
    );
    const all = blocks(outline).slice(1);
    expect(all[0]?.text).toBe(
      "Gorbachev and his associates decided to let things take their course in Eastern Europe, and, while maintaining the occupation armies there, to let their political satraps go down before the anger of the people.",
    );
    expect(all[1]).toEqual({
      kind: "caption",
      text: "Romania: sections of the military as well as the people fight the old regime",
    });
  });
});

describe("plain text clean-up: quotations, lists, verse and footnotes", () => {
  it("keeps a quotation introduced by a colon line as its own quote blocks (seeds/000)", () => {
    const outline = parsePlainText(
      `Bill Hunter of the British International Socialist League, wrote:

'The history of the labour movement of the world is a history of struggle to impose social, class curtailment on the rapacity of capitalist freedom and individual “enterprise.”

'The Soviet or Eastern European worker who looks out on the standard of living in the West sees conditions which have arisen not on the benefits of capitalism, but on the relationship of forces between the classes and the struggle and organisation of toilers'.

Bill Hunter summarised the problem in this way:
`,
      "t",
    );
    expect(blocks(outline).map((block) => block.kind)).toEqual([
      "paragraph",
      "quote",
      "quote",
      "paragraph",
    ]);
  });

  it("marks a quotation that completes an open sentence, and its source line (seeds/001)", () => {
    const outline = parsePlainText(
      `Lenin’s initial answer to the problem of feeding Russian workers in the towns was the state grain monopoly. In a telegram of June 27th he insisted that it

is one of the most important methods for gradual transition from capitalist commodity exchange to socialist product-exchange.

Quoted in R.W. Davies The Socialist Offensive p.2

Even at the end of the civil war in late1920 Lenin maintained that for Russia socialism was not yet possible.
`,
      "t",
    );
    expect(blocks(outline).map((block) => block.kind)).toEqual([
      "paragraph",
      "quote",
      "citation",
      "paragraph",
    ]);
  });

  it("keeps bulleted lines as list items (seeds/002)", () => {
    const outline = parsePlainText(
      `They want instead:
• National and individual freedom.
• Democracy.
• Prosperity and equality — an end, at least, to the
peculiarly glaring sort of inequality imposed on the
Eastern Bloc by bureaucratic privilege.
That the workers think they can get these things, or get
more of them, under a market system, is very important.
`,
      "t",
    );
    expect(blocks(outline).map((block) => [block.kind, block.text])).toEqual([
      ["paragraph", "They want instead:"],
      ["list-item", "National and individual freedom."],
      ["list-item", "Democracy."],
      [
        "list-item",
        "Prosperity and equality — an end, at least, to the peculiarly glaring sort of inequality imposed on the Eastern Bloc by bureaucratic privilege.",
      ],
      [
        "paragraph",
        "That the workers think they can get these things, or get more of them, under a market system, is very important.",
      ],
    ]);
  });

  it("keeps a poem's lines as verse (seeds/002)", () => {
    const outline = parsePlainText(
      `Right now we need unity in action and honest dialogue — free from false-pride and from charlatan pretensions — about our differences and what we have in common.

They made no statues out of bronze,
The heroes Stalin killed;
In Lubianka and Vorkuta
They died, their voices stilled:
`,
      "t",
    );
    const verse = blocks(outline).find((block) => block.kind === "verse");
    expect(verse?.text).toBe(
      "They made no statues out of bronze,\nThe heroes Stalin killed;\nIn Lubianka and Vorkuta\nThey died, their voices stilled:",
    );
  });

  it("links footnote marks to the notes gathered at the end (seeds/001)", () => {
    const outline = parsePlainText(
      `He argued that a still better society was not only possible, but also, inevitable [1]. This last word “inevitable” was what brought such fear to the hearts and minds of the bourgeois.

The Russian Revolution was a unique experience in world history. [2] No other revolution has been so thoroughly discussed.



[1] Although he did not argue that this would automatically lead to a higher society as he makes clear in the Communist Manifesto.

[2] Our defence of October as a proletarian revolution is to be found in the CWO pamphlet 1917 available for £3 from the CWO address.
`,
      "Stalin and Stalinism",
    );
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual([
      "Stalin and Stalinism",
      "Notes",
    ]);
    const [first, second] = outline.chapters[0]?.blocks ?? [];
    expect(first?.footnoteRefs).toEqual(["1"]);
    expect(second?.footnoteRefs).toEqual(["2"]);
    const notes = outline.chapters[1]?.blocks ?? [];
    expect(notes.map((note) => [note.kind, note.footnoteId])).toEqual([
      ["footnote", "1"],
      ["footnote", "2"],
    ]);
  });

  it("leaves a mark without a note as plain text (seeds/000 cites notes it does not include)", () => {
    const outline = parsePlainText(
      "What do we mean by “planned economy” then? Planned economy means the application of democratic centralism[188] to the direction of the economy.\n",
      "t",
    );
    expect(blocks(outline)[0]?.footnoteRefs).toBeUndefined();
  });
});
