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
    prefix: contextBefore(paragraphText, start, contextLength),
    suffix: contextAfter(paragraphText, end, contextLength),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Up to `length` UTF-16 units before `start`, one fewer when the cut would fall inside a
 * surrogate pair: a lone surrogate is not valid text (PostgreSQL refuses it, JSON mangles it).
 */
export function contextBefore(text: string, start: number, length: number): string {
  let from = Math.max(0, start - length);
  if (
    from > 0 &&
    isLowSurrogate(text.charCodeAt(from)) &&
    isHighSurrogate(text.charCodeAt(from - 1))
  )
    from++;
  return text.slice(from, start);
}

/** Up to `length` UTF-16 units after `end`, never ending inside a surrogate pair. */
export function contextAfter(text: string, end: number, length: number): string {
  let to = Math.min(text.length, end + length);
  if (
    to < text.length &&
    isLowSurrogate(text.charCodeAt(to)) &&
    isHighSurrogate(text.charCodeAt(to - 1))
  )
    to--;
  return text.slice(end, to);
}
