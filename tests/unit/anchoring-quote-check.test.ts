import { describe, expect, it } from "vitest";
import { checkedQuote } from "@/lib/annotations/anchoring/check-quote";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { isAppError } from "@/lib/errors/app-error";

// "then" starts 33 units in: 32 units back falls between the emoji's two halves.
const TEXT = `😀${"b".repeat(31)}then the passage 👍🏽 here.`;
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

function refusal(run: () => unknown): { code: string; fields?: Record<string, string> } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, fields: error.fields };
    throw error;
  }
  throw new Error("not refused");
}

describe("checkedQuote", () => {
  it("takes prefix and suffix from the paragraph, never cutting a surrogate pair", () => {
    const start = TEXT.indexOf("then");
    const end = TEXT.indexOf(" 👍");
    const quote = checkedQuote(
      TEXT,
      { start, end, exact: TEXT.slice(start, end) },
      { contextLength: 32 },
    );
    expect(quote.prefix).toBe("b".repeat(31));
    expect(quote.suffix).toBe(TEXT.slice(end));
    const short = checkedQuote(
      TEXT,
      { start, end, exact: TEXT.slice(start, end) },
      { contextLength: 2 },
    );
    // Two units after the quote are the space and the first half of 👍: only the space stays.
    expect(short.suffix).toBe(" ");
    for (const part of [quote.prefix, quote.suffix, short.prefix, short.suffix])
      expect(wellFormed(part)).toBe(true);
  });

  it("refuses a quote that is not the paragraph's text there, or out of range, naming the field", () => {
    expect(refusal(() => checkedQuote(TEXT, { start: 0, end: 5, exact: "bbbbb" }))).toEqual({
      code: "bad_request",
      fields: { exact: "Quote the paragraph's own text" },
    });
    expect(
      refusal(() =>
        checkedQuote(TEXT, { start: 0, end: 5000, exact: "x" }, { field: "anchor.exact" }),
      ).fields,
    ).toHaveProperty("anchor.exact");
    const emoji = TEXT.indexOf("😀");
    expect(
      refusal(() => checkedQuote(TEXT, { start: emoji, end: emoji + 1, exact: "\ud83d" })).code,
    ).toBe("bad_request");
  });

  it("describeSelection keeps whole characters in its context too", () => {
    const start = TEXT.indexOf("then");
    expect(describeSelection(TEXT, start, start + 4).prefix).toBe("b".repeat(31));
  });
});
