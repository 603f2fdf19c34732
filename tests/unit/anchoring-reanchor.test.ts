import { describe, expect, it } from "vitest";
import type { TAnchor } from "@/lib/annotations/anchoring/anchor";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import {
  REANCHOR_ACCEPT_SIMILARITY,
  REANCHOR_DOUBTFUL_SIMILARITY,
  reanchor,
} from "@/lib/annotations/anchoring/reanchor";
import { reanchorAcrossParagraphs } from "@/lib/annotations/anchoring/reanchor-across-paragraphs";
import { AppError } from "@/lib/errors/app-error";

const PARAGRAPH =
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.";

function anchorOn(text: string, quote: string, occurrence = 0, paragraphId = "p1"): TAnchor {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(quote, start + 1);
  if (start === -1) throw new Error(`fixture: "${quote}" not in text`);
  return { chapterId: "c1", paragraphId, ...describeSelection(text, start, start + quote.length) };
}

describe("describeSelection", () => {
  it("returns the quote with up to 32 characters of context on each side", () => {
    const start = PARAGRAPH.indexOf("the age of wisdom");
    const selectors = describeSelection(PARAGRAPH, start, start + "the age of wisdom".length);
    expect(selectors.exact).toBe("the age of wisdom");
    expect(selectors.prefix).toBe(PARAGRAPH.slice(start - 32, start));
    expect(selectors.prefix).toHaveLength(32);
    expect(selectors.suffix).toBe(PARAGRAPH.slice(selectors.end, selectors.end + 32));
  });

  it("clips the context at the paragraph edges", () => {
    const selectors = describeSelection("Call me Ishmael.", 0, 4, { contextLength: 10 });
    expect(selectors).toEqual({
      start: 0,
      end: 4,
      exact: "Call",
      prefix: "",
      suffix: " me Ishmae",
    });
  });

  it("refuses an empty or out-of-range selection", () => {
    expect(() => describeSelection("abc", 2, 2)).toThrow(AppError);
    expect(() => describeSelection("abc", 1, 4)).toThrow(AppError);
    expect(() => describeSelection("abc", -1, 2)).toThrow(AppError);
  });
});

describe("reanchor", () => {
  it("keeps an unchanged paragraph's anchor as exact", () => {
    const anchor = anchorOn(PARAGRAPH, "the age of wisdom");
    const result = reanchor(anchor, PARAGRAPH);
    expect(result).toMatchObject({
      status: "exact",
      start: anchor.start,
      end: anchor.end,
      score: 1,
    });
    expect(result.anchor).toEqual(anchor);
  });

  it("follows the quote when text is inserted before it", () => {
    const anchor = anchorOn(PARAGRAPH, "the age of wisdom");
    const edited = "A tale, told twice. " + PARAGRAPH;
    const result = reanchor(anchor, edited);
    expect(result.status).toBe("moved");
    expect(edited.slice(result.start, result.end)).toBe("the age of wisdom");
    expect(result.start).toBe(anchor.start + 20);
    expect(result.anchor.prefix).toBe(edited.slice(result.start - 32, result.start));
  });

  it("accepts a quote with one word changed inside as fuzzy and re-describes it", () => {
    const quote = "it was the age of foolishness, it was the epoch of belief";
    const anchor = anchorOn(PARAGRAPH, quote);
    const edited = PARAGRAPH.replace("foolishness", "folly");
    const result = reanchor(anchor, edited);
    expect(result.status).toBe("fuzzy");
    expect(result.score).toBeGreaterThanOrEqual(REANCHOR_ACCEPT_SIMILARITY);
    expect(edited.slice(result.start, result.end)).toBe(
      "it was the age of folly, it was the epoch of belief",
    );
    expect(result.anchor.exact).toBe("it was the age of folly, it was the epoch of belief");
  });

  it("finds a long quote whose words changed in several places", () => {
    const quote =
      "it was the worst of times, it was the age of wisdom, it was the age of foolishness";
    const anchor = anchorOn(PARAGRAPH, quote);
    const edited = PARAGRAPH.replace("worst", "wurst")
      .replace("wisdom", "wisdoms")
      .replace("age of fool", "age of the fool");
    const result = reanchor(anchor, edited);
    expect(result.status).toBe("fuzzy");
    expect(edited.slice(result.start, result.end)).toBe(
      "it was the wurst of times, it was the age of wisdoms, it was the age of the foolishness",
    );
  });

  it("orphans an anchor whose quote was deleted and keeps its old selectors", () => {
    const text = "The harbour was quiet at dawn. A gull screamed over the empty quay. Nobody came.";
    const anchor = anchorOn(text, "A gull screamed over the empty quay.");
    const edited = text.replace(" A gull screamed over the empty quay.", "");
    const result = reanchor(anchor, edited);
    expect(result.status).toBe("orphaned");
    expect(result.score).toBeLessThan(REANCHOR_DOUBTFUL_SIMILARITY);
    expect(result.anchor).toEqual(anchor);
    expect([result.start, result.end]).toEqual([anchor.start, anchor.end]);
  });

  it("orphans an empty quote instead of matching it everywhere", () => {
    const anchor = {
      ...anchorOn(PARAGRAPH, "best"),
      exact: "",
      end: anchorOn(PARAGRAPH, "best").start,
    };
    expect(reanchor(anchor, PARAGRAPH).status).toBe("orphaned");
  });

  it("orphans everything in an emptied paragraph", () => {
    const anchor = anchorOn(PARAGRAPH, "best of times");
    expect(reanchor(anchor, "").status).toBe("orphaned");
  });

  it("resolves a repeated phrase by its prefix and suffix after the old position is gone", () => {
    const text =
      "The cat sat on the mat. Then the dog sat on the mat. Finally the bird sat on the mat.";
    const anchor = anchorOn(text, "sat on the mat", 1);
    // Text before shifts all three repeats; the dog's is still the one whose context agrees.
    const edited = "Once upon a time. " + text.replace("The cat", "A cat");
    const result = reanchor(anchor, edited);
    expect(result.status).toBe("moved");
    expect(edited.slice(result.start - 8, result.start)).toBe("the dog ");
    expect(edited.slice(result.start, result.end)).toBe("sat on the mat");
  });

  it("prefers context over nearness when a repeat lands on the old position", () => {
    const text = "Alpha says hello there. Beta says hello there.";
    const anchor = anchorOn(text, "hello there", 1);
    // The first sentence grew so that its "hello there" now sits where Beta's used to.
    const edited = "Alpha the elder says hello there. Beta says hello there.";
    expect(edited.indexOf("hello there")).not.toBe(anchor.start);
    const result = reanchor(anchor, edited);
    expect(edited.slice(result.start - 10, result.start)).toBe("Beta says ");
  });

  it("flags a heavily rewritten quote as doubtful without moving the stored anchor", () => {
    const anchor = anchorOn(PARAGRAPH, "it was the epoch of belief");
    const edited = PARAGRAPH.replace("it was the epoch of belief", "it was an era of beliefs");
    const result = reanchor(anchor, edited);
    expect(result.status).toBe("doubtful");
    expect(result.score).toBeGreaterThanOrEqual(REANCHOR_DOUBTFUL_SIMILARITY);
    expect(result.score).toBeLessThan(REANCHOR_ACCEPT_SIMILARITY);
    expect(edited.slice(result.start, result.end)).toContain("era of belief");
    expect(result.anchor).toEqual(anchor);
  });
});

describe("reanchorAcrossParagraphs", () => {
  const paragraphs = [
    { id: "p1", text: "First paragraph about rivers and the sea." },
    { id: "p2", text: "Second paragraph, where the whale surfaces near the ship." },
    { id: "p3", text: "Third paragraph: the whale dives again." },
  ];

  it("stays in the original paragraph when it still holds the quote", () => {
    const anchor = anchorOn(paragraphs[1]!.text, "the whale", 0, "p2");
    const result = reanchorAcrossParagraphs(anchor, paragraphs);
    expect(result).toMatchObject({ status: "exact", paragraphId: "p2" });
  });

  it("finds the quote in another paragraph when its paragraph was removed", () => {
    const anchor = anchorOn(
      "Gone paragraph: where the whale surfaces near the ship.",
      "the whale surfaces",
      0,
      "p9",
    );
    const result = reanchorAcrossParagraphs(anchor, paragraphs);
    expect(result.status).toBe("moved");
    expect(result.paragraphId).toBe("p2");
    expect(result.anchor.paragraphId).toBe("p2");
    expect(paragraphs[1]!.text.slice(result.start, result.end)).toBe("the whale surfaces");
  });

  it("finds an edited quote after a paragraph split", () => {
    const anchor = anchorOn(
      "Second paragraph, where the great whale surfaces near the ship. Third paragraph.",
      "the great whale surfaces near the ship",
      0,
      "p-old",
    );
    const result = reanchorAcrossParagraphs(anchor, paragraphs);
    expect(result.status).toBe("fuzzy");
    expect(result.paragraphId).toBe("p2");
    expect(paragraphs[1]!.text.slice(result.start, result.end)).toBe(
      "the whale surfaces near the ship",
    );
  });

  it("proposes a doubtful match in another paragraph but keeps the stored anchor", () => {
    const anchor = anchorOn(
      "Gone: when the whale surfaced beside the ship.",
      "when the whale surfaced beside the ship",
      0,
      "p9",
    );
    const result = reanchorAcrossParagraphs(anchor, paragraphs);
    expect(result.status).toBe("doubtful");
    expect(result.paragraphId).toBe("p2");
    expect(result.anchor).toEqual(anchor);
  });

  it("orphans a quote found nowhere, keeping the old paragraph and selectors", () => {
    const anchor = anchorOn(
      "Nothing here resembles anything else at all.",
      "resembles anything",
      0,
      "p9",
    );
    const result = reanchorAcrossParagraphs(anchor, paragraphs);
    expect(result).toMatchObject({ status: "orphaned", paragraphId: "p9", anchor });
  });
});
