/**
 * "1 chapter", "2 chapters", "1,204 comments": a count with its noun in the right plural form,
 * chosen by Intl.PluralRules and written by Intl.NumberFormat, so "1 matches" cannot happen.
 */
export type TNounForms = { one: string; other: string };

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (!value) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

/** The interface is English, so English plural rules pick the form; digits follow the locale. */
export function formatCount(count: number, noun: TNounForms, locale = "en"): string {
  const rules = cached(pluralRules, "en", () => new Intl.PluralRules("en"));
  const numbers = cached(numberFormats, locale, () => new Intl.NumberFormat(locale));
  const form = rules.select(count) === "one" ? noun.one : noun.other;
  return `${numbers.format(count)} ${form}`;
}

export const CHAPTERS: TNounForms = { one: "chapter", other: "chapters" };
export const COMMENTS: TNounForms = { one: "comment", other: "comments" };
export const MATCHES: TNounForms = { one: "match", other: "matches" };
export const THREADS: TNounForms = { one: "thread", other: "threads" };
export const WORDS: TNounForms = { one: "word", other: "words" };
export const PARAGRAPHS: TNounForms = { one: "paragraph", other: "paragraphs" };
export const VOTES: TNounForms = { one: "vote", other: "votes" };
export const SESSIONS: TNounForms = { one: "session", other: "sessions" };
export const REPLIES: TNounForms = { one: "reply", other: "replies" };
