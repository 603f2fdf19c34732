import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlainText } from "@/lib/texts/import/plain-text/parse-plain-text";
import { isTerminated } from "@/lib/texts/import/plain-text/line-rules";
import type { Outline } from "@/lib/texts/import/types";

const seed = (name: string) =>
  readFileSync(new URL(`../../seeds/${name}`, import.meta.url), "utf8");
const titles = (outline: Outline) => outline.chapters.map((chapter) => chapter.title);

describe("outline rules", () => {
  it("a numbered list restarting inside a section is not a run of chapters (seeds/002)", () => {
    const outline = parsePlainText(
      `2. What’s in the coffin at
the funeral of socialism?

March 1990

So much for “socialism”, “actually existing socialism’ . But for the socialism of Marx, it is a good thing.
 3. Lies against socialism answered
Many workers, faced with class conflicts, in the new
conditions, will move towards a genuine working-class
world outlook.
The first thing now is to answer the lies of the bourgeoisie and of the ex-Stalinists.

1. The system now disintegrating in Eastern
Europe was socialist.
No it wasn’t! It was a system of extreme exploitation of the
workers and peasants.

2. The most important thing is to defend the
nationalised economies.
It will be a great defeat for the working class in Eastern
Europe and the USSR.

15. We are now entering an era of peace
and stability, forever. The End of History has
come.
What is likely to succeed the dead weight of the melting
Stalinist glaciers is not peace.
 4. Stalin’s system collapses

August 1991

The system Stalin built in the old Tsarist empire is dead.
`,
      "t",
    );
    expect(titles(outline)).toEqual([
      "2. What’s in the coffin at the funeral of socialism?",
      "3. Lies against socialism answered",
      "4. Stalin’s system collapses",
    ]);
    const items = outline.chapters[1]?.blocks
      .filter((block) => block.kind === "list-item")
      .map((block) => block.text);
    expect(items).toEqual([
      "1. The system now disintegrating in Eastern Europe was socialist.",
      "2. The most important thing is to defend the nationalised economies.",
      "15. We are now entering an era of peace and stability, forever. The End of History has come.",
    ]);
  });

  it("a one-sentence paragraph and a line ending with a colon are not headings (seeds/000)", () => {
    const outline = parsePlainText(
      `Stalinism: Its Origin and Future. Andy Blunden 1993

Workers' Democracy and Bureaucracy

The struggle in Poland in the late 1970s and early 1980s demonstrated the complexity of the political tasks facing the working class in the Stalinist bloc.

Rioting proved insufficient for the revolutionary overthrow of the government.

But on the other hand, even the best communist workers who joined the Communist Party and the government with all the best intentions found themselves sucked into the life-style and social role of the bureaucracy.

Leningrad Mayor Anatoly Sobchak observed at this time:

'Gorbachev is still useful for the democrats, for the latter can't still form a government and hold on to power durably. They'd be swept out by a dictatorship'.

What role did imperialism play?

When Gorbachev began his program of change, Ronald Reagan was in the White House. To an old Cold War warrior, whoever rules in the Evil Empire must be Satan.
`,
      "t",
    );
    expect(titles(outline)).toEqual([
      "Workers' Democracy and Bureaucracy",
      "What role did imperialism play?",
    ]);
    const kinds = outline.chapters[0]?.blocks.map((block) => block.kind);
    expect(kinds).toEqual(["paragraph", "paragraph", "paragraph", "paragraph", "quote"]);
  });

  it("a source line under a quotation is not a heading (seeds/001)", () => {
    const outline = parsePlainText(
      `Stalin and Stalinism -IBRP

The Economy

For them the practical task of industrialisation of the USSR was more important than any theories about socialism. In a backward country the only institution capable of carrying out industrialisation was the state via its monopoly control of investment. Stalin set the agenda in 1929

Heavy industry needs state subsidies. If we cannot provide them, then we are doomed as civilised state – let alone a socialist one.

Problems of Leninism, Moscow 1940, p.303

And here lies the confusion of many who equate nationalisation (i.e. state ownership) with socialism, a confusion which has dogged the left ever since.
`,
      "t",
    );
    expect(titles(outline)).toEqual(["The Economy"]);
    expect(outline.chapters[0]?.blocks.map((block) => block.kind)).toEqual([
      "paragraph",
      "quote",
      "citation",
      "paragraph",
    ]);
  });

  it("text before the first heading becomes an Introduction; the title line does not (seeds/004)", () => {
    const outline = parsePlainText(
      `Bureaucratism or Workers' Power

This document was written by Ted Grant together with Roger Silverman in 1967 to mark the fiftieth anniversary of the Russian revolution.

From an India to an America

Fifty years ago the world was shaken to its foundations by the Russian Revolution, the greatest event in human history.
`,
      "t",
    );
    expect(outline.title).toBe("Bureaucratism or Workers' Power");
    expect(outline.author).toBe("Ted Grant and Roger Silverman");
    expect(titles(outline)).toEqual(["Introduction", "From an India to an America"]);
  });

  it("finds title and author in a “Title. Author Year” line and in an author line over a title line", () => {
    const blunden = parsePlainText(
      "Stalinism: Its Origin and Future. Andy Blunden 1993\n\nThe Collapse of the U.S.S.R.\n\nThe working class expropriated capitalist property in the Soviet Union in 1917, and accumulation of capital remained illegal.\n",
      "t",
    );
    expect([blunden.title, blunden.author, titles(blunden)]).toEqual([
      "Stalinism: Its Origin and Future",
      "Andy Blunden",
      ["The Collapse of the U.S.S.R."],
    ]);
    const north = parsePlainText(
      "David North\nPerestroika versus Socialism: Stalinism and the Restoration of Capitalism in the USSR\n\nThe Soviet State and the Proletariat\n\nThe outcome of the elections in the Soviet Union has laid bare the depth of the crisis.\n",
      "t",
    );
    expect([north.author, north.title]).toEqual([
      "David North",
      "Perestroika versus Socialism: Stalinism and the Restoration of Capitalism in the USSR",
    ]);
  });

  it("a section word on the first line is a chapter, not the title", () => {
    const outline = parsePlainText(
      " Timeline\n\n1979\nDecember: USSR invades Afghanistan.\n",
      "Fallback",
    );
    expect(outline.title).toBe("Fallback");
    expect(titles(outline)).toEqual(["Timeline"]);
  });
});

// What a careful reader calls the chapters of each seed text (see seeds/manifest.json).
const SEED_CHAPTERS: Record<string, { title: string; author: string | null; chapters: string[] }> =
  {
    "000_04b84391e77ad78b.txt": {
      title: "Stalinism: Its Origin and Future",
      author: "Andy Blunden",
      chapters: [
        "The Collapse of the U.S.S.R.",
        "I: Organised Crime and Socialism",
        "Planning and “Command Economy”",
        "Workers' Democracy and Bureaucracy",
        "Gorbachev and Stalin",
        "The struggle between Gorbachev and Yeltsin",
        "What role did imperialism play?",
      ],
    },
    "001_196100432a12d684.txt": {
      title: "Stalin and Stalinism",
      author: "IBRP",
      chapters: [
        "Introduction",
        "The Myth of Stalin",
        "Modes of Production",
        "The Course of the Counter-Revolution",
        "The Civil War and Imperialist Intervention",
        "The Economy",
        "Notes",
      ],
    },
    "002_45fa8428baf552bc.txt": {
      title: "002 45fa8428baf552bc",
      author: null,
      chapters: [
        "Timeline",
        "Introduction",
        "The program we advocated",
        "The system they overthrew, seen 20 years earlier",
        "1. The risen people: Eastern Europe after the revolutions",
        "2. What’s in the coffin at the funeral of socialism?",
        "3. Lies against socialism answered",
        "4. Stalin’s system collapses",
        "5. Why socialists should support the banning of the CPSU",
        "6. The triumph of unreason: market madness in the ex-USSR",
        "7. What was the Bolsheviks’ conception of the 1917 revolution?",
        "8. Why the workers want to restore capitalism",
        "9. In the beginning was the critique of capitalism",
        "10. An open letter to Ernest Mandel",
        "11. Trotsky and the collapse of Stalinism",
        "12. And where were Jacob Sverdlov’s sons?",
      ],
    },
    "003_0107c59ff2c9d671.txt": {
      title:
        "Perestroika versus Socialism: Stalinism and the Restoration of Capitalism in the USSR",
      author: "David North",
      chapters: ["The Soviet State and the Proletariat"],
    },
    "004_aa84c45c7378477e.txt": {
      title: "Bureaucratism or Workers' Power",
      author: "Ted Grant and Roger Silverman",
      chapters: [
        "Introduction",
        "From an India to an America",
        "All Power to the Soviets",
        "Workers of All Countries Unite",
        "Retreat and Reaction",
        "Socialism in One Country",
        "The Plan and the Purges",
        "Stalinism in War",
        "Stalinism Without Stalin",
        "Cracks in the Monolith",
        "The Bureaucratic Impasse",
        "The Reply of the Workers",
        "Lieberman or Lenin",
        "Towards a New October",
      ],
    },
  };

describe("seed texts: the chapters a careful reader finds", () => {
  for (const [file, expected] of Object.entries(SEED_CHAPTERS)) {
    it(`${file}: title, author and chapter titles`, () => {
      const outline = parsePlainText(seed(file), file.replace(/\.txt$/, "").replace(/_/g, " "));
      expect({ title: outline.title, author: outline.author, chapters: titles(outline) }).toEqual(
        expected,
      );
      expect(outline.language).toBe("en");
      for (const chapter of outline.chapters) expect(chapter.blocks.length).toBeGreaterThan(0);
    });
  }

  it("002 (extracted from a PDF): no paragraph ends mid-sentence because of a line wrap", () => {
    const source = seed("002_45fa8428baf552bc.txt");
    const outline = parsePlainText(source, "t");
    // Two endings where the extracted text itself has no more words: a bullet printed without
    // a full stop, and a sentence whose continuation the extraction lost before an article.
    const sourceEndings = ["exercised its dictatorship", "where, though many"];
    for (const ending of sourceEndings)
      expect(source).toMatch(new RegExp(`${ending}\\n(?:•| \\d+\\. )`));
    const open = outline.chapters
      .flatMap((chapter) => chapter.blocks)
      .filter((block) => ["paragraph", "quote", "list-item"].includes(block.kind))
      .filter((block) => !isTerminated(block.text) && !/[:;]$/.test(block.text))
      .filter((block) => !sourceEndings.some((ending) => block.text.endsWith(ending)));
    expect(open.map((block) => block.text.slice(-60))).toEqual([]);
    const paragraphs = outline.chapters
      .flatMap((chapter) => chapter.blocks)
      .filter((b) => b.kind === "paragraph");
    expect(paragraphs.length).toBeGreaterThan(250);
    // Hyphenation and drop capitals from the same seed.
    const all = paragraphs.map((block) => block.text).join("\n");
    expect(all).toContain("the USSR itself collapsed, suddenly.");
    expect(all).toMatch(/^BOURGEOIS propagandists and ex-Stalinists alike/m);
    expect(all).toMatch(/^Immediately after the August coup in Moscow, Boris/m);
    expect(all).not.toMatch(/^(?:t is|hat is|talinism is) /m);
  });
});
