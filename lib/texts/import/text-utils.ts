/** Collapses runs of white space (including no-break spaces) to one space and trims. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

const STOPWORDS: Record<string, string[]> = {
  en: ["the", "and", "of", "to", "is", "that", "in", "it", "was", "with"],
  fr: ["le", "la", "les", "et", "des", "est", "que", "une", "dans", "pour"],
  de: ["der", "die", "und", "das", "ist", "nicht", "ein", "mit", "den", "sich"],
  es: ["el", "la", "de", "que", "y", "los", "las", "una", "por", "con"],
  it: ["il", "di", "che", "la", "e", "non", "per", "una", "sono", "del"],
};

/** A rough guess from common words; null unless one language clearly leads. */
export function guessLanguage(text: string): string | null {
  const words =
    text
      .slice(0, 200_000)
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  if (words.length < 50) return null;
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  const scores = Object.entries(STOPWORDS)
    .map(([lang, list]) => ({
      lang,
      score: list.reduce((sum, w) => sum + (counts.get(w) ?? 0), 0) / words.length,
    }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score < 0.08) return null;
  if (second && best.score < second.score * 1.5) return null;
  return best.lang;
}
