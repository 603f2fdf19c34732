/**
 * PostgreSQL text search configurations shipped with every installation, by ISO 639-1 code.
 * A text whose language is unknown (or has no stemmer) is indexed with "simple": no stemming,
 * no stop words, but every word findable.
 */
const CONFIG_BY_LANGUAGE: Record<string, string> = {
  ar: "arabic",
  ca: "catalan",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  eu: "basque",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hi: "hindi",
  hu: "hungarian",
  hy: "armenian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  ne: "nepali",
  nl: "dutch",
  no: "norwegian",
  nb: "norwegian",
  nn: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sr: "serbian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
  yi: "yiddish",
};

export const FALLBACK_SEARCH_CONFIG = "simple";

/** The configuration names this module can return: the only strings ever cast to regconfig. */
export const SEARCH_CONFIGS: ReadonlySet<string> = new Set([
  ...Object.values(CONFIG_BY_LANGUAGE),
  FALLBACK_SEARCH_CONFIG,
]);

/** "en-US" → "english"; null, unknown or unsupported → "simple". */
export function searchConfigFor(language: string | null | undefined): string {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return CONFIG_BY_LANGUAGE[primary] ?? FALLBACK_SEARCH_CONFIG;
}

/** A stored config re-checked before it goes into SQL (it is a column anyone could edit). */
export function safeSearchConfig(config: string): string {
  return SEARCH_CONFIGS.has(config) ? config : FALLBACK_SEARCH_CONFIG;
}
