import { describe, expect, it } from "vitest";
import { chapterListNumber, titleHasOwnNumber } from "@/lib/texts/chapter-number";

describe("chapter list numbers", () => {
  it("a title with its own number gets no second one", () => {
    expect(chapterListNumber("1. The risen people: Eastern Europe", 4)).toBe("");
    expect(chapterListNumber("Chapter 3", 2)).toBe("");
    expect(chapterListNumber("IV – Winter", 3)).toBe("");
    expect(chapterListNumber("Part two: the harvest", 1)).toBe("");
    expect(chapterListNumber("2.1) Method", 1)).toBe("");
  });

  it("a plain title is numbered by its position", () => {
    expect(chapterListNumber("The risen people", 4)).toBe("5.");
    expect(chapterListNumber("1984 revisited", 0)).toBe("1.");
    expect(chapterListNumber("I remember", 0)).toBe("1.");
    expect(chapterListNumber("Mild weather", 0)).toBe("1.");
  });

  it("recognises numbering only at the start", () => {
    expect(titleHasOwnNumber("Notes on chapter 3")).toBe(false);
  });
});
