/**
 * Search snippets: a window of a matched text around its first match, cut only between words.
 * PostgreSQL marks the matches (ts_headline with HighlightAll) and this module chooses the window,
 * because ts_headline's own fragments follow its parser's tokens: it splits "well-known" and
 * "don't", treats a run of Chinese or Japanese as one token, and cuts emoji sequences apart.
 * Intl.Segmenter knows the word boundaries of every script. Pure: runs in the browser too.
 */

import { escapeHtml } from "@/lib/html/escape-html";

export type TSnippetFragment = { text: string; match: boolean };

export const SNIPPET_CHARS = 240;
const ELLIPSIS = "…";

/** A marked text ("a \u0002b\u0003 c") as plain and matched pieces; no marker is left in. */
export function markedFragments(marked: string, start: string, stop: string): TSnippetFragment[] {
  const fragments: TSnippetFragment[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const open = rest.indexOf(start);
    const close = open === -1 ? -1 : rest.indexOf(stop, open + start.length);
    if (open === -1) {
      fragments.push({ text: rest.replaceAll(stop, ""), match: false });
      break;
    }
    fragments.push({ text: rest.slice(0, open).replaceAll(stop, ""), match: false });
    // An unterminated match runs to the end.
    const until = close === -1 ? rest.length : close;
    fragments.push({
      text: rest.slice(open + start.length, until).replaceAll(start, ""),
      match: true,
    });
    rest = close === -1 ? "" : rest.slice(close + stop.length);
  }
  return mergeFragments(fragments);
}

function mergeFragments(fragments: readonly TSnippetFragment[]): TSnippetFragment[] {
  const merged: TSnippetFragment[] = [];
  for (const fragment of fragments) {
    if (fragment.text.length === 0) continue;
    const last = merged.at(-1);
    if (last && last.match === fragment.match) last.text += fragment.text;
    else merged.push({ ...fragment });
  }
  return merged;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(locale: string | undefined, granularity: "word" | "grapheme") {
  const key = `${locale ?? ""}|${granularity}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/** Offsets where a segment starts, plus the text's end. */
function boundaries(text: string, granularity: "word" | "grapheme", locale?: string): number[] {
  const offsets = [...segmenter(locale, granularity).segment(text)].map((part) => part.index);
  offsets.push(text.length);
  return offsets;
}

/**
 * At most about `maxChars` characters of `fragments` (plus ellipses), around the first match:
 * starts and ends only where a word starts or ends (a grapheme edge when one word is longer
 * than the whole window), with "…" where text was left out.
 */
export function cutSnippet(
  fragments: readonly TSnippetFragment[],
  options: { maxChars?: number; locale?: string } = {},
): TSnippetFragment[] {
  const maxChars = options.maxChars ?? SNIPPET_CHARS;
  const text = fragments.map((fragment) => fragment.text).join("");
  if (text.length <= maxChars) return mergeFragments(fragments);

  let firstMatch = { start: 0, end: 0 };
  let offset = 0;
  for (const fragment of fragments) {
    if (fragment.match) {
      firstMatch = { start: offset, end: offset + fragment.text.length };
      break;
    }
    offset += fragment.text.length;
  }
  // A third of the spare room before the match: enough to read it in context.
  const lead = Math.floor(Math.max(0, maxChars - (firstMatch.end - firstMatch.start)) / 3);
  let from = Math.max(0, firstMatch.start - lead);
  const to = Math.min(text.length, from + maxChars);
  from = Math.max(0, Math.min(from, to - maxChars));

  const words = boundaries(text, "word", options.locale);
  let start = from === 0 ? 0 : (words.find((at) => at >= from) ?? text.length);
  let end = to === text.length ? to : (words.findLast((at) => at <= to) ?? 0);
  if (end <= start) {
    // One word longer than the window: cut it between characters as the reader sees them.
    const graphemes = boundaries(text, "grapheme", options.locale);
    start = from === 0 ? 0 : (graphemes.find((at) => at >= from) ?? text.length);
    end = to === text.length ? to : (graphemes.findLast((at) => at <= to) ?? start);
  }
  // Spaces and stray punctuation at the cut edges go; a word is never left half.
  while (start < end && /[\s\p{P}]/u.test(text[start] ?? "") && start > 0) start += 1;
  while (end > start && /\s/u.test(text[end - 1] ?? "") && end < text.length) end -= 1;

  const window: TSnippetFragment[] = [];
  offset = 0;
  for (const fragment of fragments) {
    const fragmentEnd = offset + fragment.text.length;
    const from = Math.max(start, offset);
    const until = Math.min(end, fragmentEnd);
    if (from < until) window.push({ text: text.slice(from, until), match: fragment.match });
    offset = fragmentEnd;
  }
  if (start > 0) window.unshift({ text: ELLIPSIS, match: false });
  if (end < text.length) window.push({ text: ELLIPSIS, match: false });
  return mergeFragments(window);
}

/** The fragments as HTML: everything escaped, matches in <mark>. */
export function snippetHtml(fragments: readonly TSnippetFragment[]): string {
  return fragments
    .map((fragment) =>
      fragment.match ? `<mark>${escapeHtml(fragment.text)}</mark>` : escapeHtml(fragment.text),
    )
    .join("");
}
