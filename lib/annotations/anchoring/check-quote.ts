import { AppError } from "@/lib/errors/app-error";
import type { TTextSelectors } from "./anchor";
import { DEFAULT_CONTEXT_LENGTH, contextAfter, contextBefore } from "./describe-selection";

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A position between the two halves of a surrogate pair (an emoji, most often). */
export function splitsSurrogatePair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff && isLowSurrogate(text.charCodeAt(at));
}

/**
 * The selectors the server stores for a quote a member sent: `exact` must be the paragraph's own
 * text at start..end (UTF-16 positions), or the quote is refused naming `exact`; prefix and
 * suffix are taken from the paragraph here (whatever the client sent is ignored), never cutting
 * a surrogate pair (PostgreSQL refuses a lone surrogate in text). Any other Unicode (combining
 * marks, right-to-left text) is kept exactly as the paragraph has it.
 */
export function checkedQuote(
  paragraphText: string,
  quote: { start: number; end: number; exact: string },
  { field = "exact", contextLength = DEFAULT_CONTEXT_LENGTH } = {},
): TTextSelectors {
  const { start, end, exact } = quote;
  const fits =
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    start <= end &&
    end <= paragraphText.length;
  if (!fits) {
    throw new AppError(
      "bad_request",
      `The quote's position ${start}..${end} is not inside the paragraph (${paragraphText.length} characters).`,
      { [field]: "Quote the paragraph's own text" },
    );
  }
  if (splitsSurrogatePair(paragraphText, start) || splitsSurrogatePair(paragraphText, end)) {
    throw new AppError("bad_request", "The quote starts or ends inside a character.", {
      [field]: "Quote whole characters",
    });
  }
  if (paragraphText.slice(start, end) !== exact) {
    throw new AppError("bad_request", "The quote is not the paragraph's text at that position.", {
      [field]: "Quote the paragraph's own text",
    });
  }
  return {
    start,
    end,
    exact,
    prefix: contextBefore(paragraphText, start, contextLength),
    suffix: contextAfter(paragraphText, end, contextLength),
  };
}
