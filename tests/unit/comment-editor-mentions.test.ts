import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { mentionField, shownMentions } from "@/app/_components/margin/mention-decorations";
import { mentionToken } from "@/lib/annotations/mentions";

const rosa = mentionToken({ id: "cmx5rosa", name: "Rosa Lindqvist" });

describe("mentions in the comment editor", () => {
  it("each token is one replaced range shown as the member's name; the text keeps the token", () => {
    const doc = `Ask ${rosa} and ${mentionToken({ id: "u2", name: "Ines" })} about **core**`;
    const state = EditorState.create({ doc, extensions: [mentionField] });
    expect(state.doc.toString()).toBe(doc);
    expect(shownMentions(state)).toEqual([
      { from: 4, to: 4 + rosa.length, name: "Rosa Lindqvist" },
      expect.objectContaining({ name: "Ines" }),
    ]);
    const first = shownMentions(state)[0]!;
    expect(doc.slice(first.from, first.to)).toBe("@[Rosa Lindqvist](user:cmx5rosa)");
  });

  it("typing a token in makes it a mention; breaking it makes it plain text again", () => {
    let state = EditorState.create({ doc: "Hi ", extensions: [mentionField] });
    expect(shownMentions(state)).toEqual([]);
    state = state.update({ changes: { from: 3, insert: `${rosa} ` } }).state;
    expect(shownMentions(state).map((mention) => mention.name)).toEqual(["Rosa Lindqvist"]);
    // Deleting the closing parenthesis leaves no valid token behind.
    const end = 3 + rosa.length;
    state = state.update({ changes: { from: end - 1, to: end } }).state;
    expect(shownMentions(state)).toEqual([]);
  });

  it("a look-alike that is not a token (an e-mail, a bare @Name) is left as typed", () => {
    const state = EditorState.create({
      doc: "mail rosa@example.org or @Rosa, see @[Rosa](user:has space)",
      extensions: [mentionField],
    });
    expect(shownMentions(state)).toEqual([]);
  });
});
