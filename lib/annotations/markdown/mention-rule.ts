import type { MarkdownIt } from "markdown-it";
import { MENTION_TOKEN_AT_START } from "@/lib/annotations/mentions";

export type TMentionTokenMeta = { name: string; userId: string };

/**
 * Teaches markdown-it the mention token `@[Name](user:<id>)`: it becomes one `mention` token
 * (meta: name as typed, user id) before the link rule can read it as a link.
 */
export function addMentionRule(md: MarkdownIt): void {
  md.inline.ruler.before("link", "mention", (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
    const match = MENTION_TOKEN_AT_START.exec(state.src.slice(state.pos, state.posMax));
    if (!match) return false;
    if (!silent) {
      const token = state.push("mention", "", 0);
      token.meta = { name: match[1], userId: match[2] };
    }
    state.pos += match[0].length;
    return true;
  });
}
