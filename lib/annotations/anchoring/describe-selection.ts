import { AppError } from "@/lib/errors/app-error";
import type { TTextSelectors } from "./anchor";

export const DEFAULT_CONTEXT_LENGTH = 32;

/**
 * Selectors for `paragraphText.slice(start, end)`. Pure and DOM-free so the browser (when a
 * member selects) and the server (when it validates or re-describes after an edit) agree.
 */
export function describeSelection(
  paragraphText: string,
  start: number,
  end: number,
  { contextLength = DEFAULT_CONTEXT_LENGTH }: { contextLength?: number } = {},
): TTextSelectors {
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > paragraphText.length ||
    end <= start
  ) {
    throw new AppError(
      "bad_request",
      `Selection ${start}..${end} is not inside a paragraph of ${paragraphText.length} characters.`,
    );
  }
  return {
    start,
    end,
    exact: paragraphText.slice(start, end),
    prefix: paragraphText.slice(Math.max(0, start - contextLength), start),
    suffix: paragraphText.slice(end, end + contextLength),
  };
}
