/**
 * Mentions in comment bodies. The editor inserts a token `@[Display Name](user:<userId>)`, which
 * names the person unambiguously even when two members share a name; a typed `@Name` is also
 * understood, matched against the group's member names (longest name wins, so "@Ann Lee" is
 * Ann Lee, not Ann). Pure: runs in the browser (autocomplete) and on the server (notifications).
 */

export type TMentionMember = { id: string; name: string };

/** User ids as our ids are made (cuid/uuid-like); anything else is not a mention token. */
const USER_ID = "[A-Za-z0-9_-]{1,64}";
const TOKEN_NAME = "[^\\[\\]\\n]{1,100}";

/** A mention token anywhere in a text; group 1 is the display name, group 2 the user id. */
export const MENTION_TOKEN_PATTERN = new RegExp(
  `@\\[(${TOKEN_NAME})\\]\\(user:(${USER_ID})\\)`,
  "g",
);
/** The same token, only at the start of the string (for the Markdown inline rule). */
export const MENTION_TOKEN_AT_START = new RegExp(`^@\\[(${TOKEN_NAME})\\]\\(user:(${USER_ID})\\)`);

/** What the editor inserts when a member is picked from the suggestions. */
export function mentionToken(member: TMentionMember): string {
  const name = member.name.replace(/[[\]\s]+/g, " ").trim() || member.id;
  return `@[${name}](user:${member.id})`;
}

/** Lower case, no diacritics, one space between words: "Zoë  Ångström" -> "zoe angstrom". */
export function foldName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ");
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * User ids of the members mentioned in `body`, in order of first mention, without repeats.
 * Tokens naming someone outside the group and anything inside code spans or fenced code blocks
 * are ignored (people quote `@handles` in code without meaning to notify).
 */
export function parseMentions(body: string, members: readonly TMentionMember[]): string[] {
  const memberIds = new Set(members.map((member) => member.id));
  const found: Array<{ at: number; id: string }> = [];
  const text = blankCode(body).replace(
    MENTION_TOKEN_PATTERN,
    (token, _name: string, id: string, at: number) => {
      if (memberIds.has(id)) found.push({ at, id });
      return " ".repeat(token.length);
    },
  );

  const names = members
    .map((member) => ({ id: member.id, folded: foldName(member.name).trim() }))
    .filter((member) => member.folded.length > 0)
    .sort((a, b) => b.folded.length - a.folded.length);
  const longest = names[0]?.folded.length ?? 0;
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    // "ann@example.org" is an address, not a mention.
    if (at > 0 && WORD_CHAR.test(text[at - 1] ?? "")) continue;
    // Twice the length: a decomposed (NFD) text folds shorter than it is written.
    const following = foldName(text.slice(at + 1, at + 1 + longest * 2 + 1));
    const hit = names.find(
      (name) =>
        following.startsWith(name.folded) && !WORD_CHAR.test(following[name.folded.length] ?? ""),
    );
    if (hit) found.push({ at, id: hit.id });
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((mention) => mention.id))];
}

/** Replaces fenced code blocks and inline code spans with spaces, keeping offsets. */
function blankCode(body: string): string {
  const blank = (chunk: string) => chunk.replace(/[^\n]/g, " ");
  return body
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/(`+)[^`]*?\1/g, blank);
}

/**
 * Members whose name has a word starting with `prefix` (or whose whole name starts with it, so
 * "jean p" finds "Jean-Paul"), ignoring case and diacritics. Whole-name matches first, then by
 * name. An empty prefix lists the first members by name.
 */
export function suggestMentions(
  prefix: string,
  members: readonly TMentionMember[],
  limit = 8,
): TMentionMember[] {
  const query = searchKey(prefix);
  const scored: Array<{ member: TMentionMember; score: number }> = [];
  for (const member of members) {
    const name = searchKey(member.name);
    if (query === "" || name.startsWith(query)) scored.push({ member, score: 0 });
    else if (name.split(" ").some((word) => word.startsWith(query)))
      scored.push({ member, score: 1 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.member.name.localeCompare(b.member.name))
    .slice(0, Math.max(0, limit))
    .map(({ member }) => member);
}

/** Folded, with name punctuation as word breaks: "Jean-Paul O'Neil" -> "jean paul o neil". */
function searchKey(text: string): string {
  return foldName(text.replace(/[-'’.]/g, " ")).trim();
}
