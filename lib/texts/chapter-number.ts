/**
 * Whether a chapter title carries its own number ("1. The risen people", "IV – Winter",
 * "Chapter 3", "Part II: …"), so a list does not put its position in front of it as well
 * ("5. 1. The risen people").
 */
const OWN_NUMBER =
  /^\s*(?:(?:chapter|part|book|section|chap\.|ch\.)\s+(?:\d+|[ivxlcdm]+|[a-z]+)\b|(?:\d+(?:\.\d+)*|[ivxlcdm]+)\s*[.):–—-]\s)/i;

export function titleHasOwnNumber(title: string): boolean {
  return OWN_NUMBER.test(title);
}

/** The number to show before a chapter's title in a list, or "" when the title has its own. */
export function chapterListNumber(title: string, position: number): string {
  return titleHasOwnNumber(title) ? "" : `${position + 1}.`;
}
