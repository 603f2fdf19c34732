import { RangeSetBuilder, StateField, type EditorState, type Extension } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, type DecorationSet } from "@codemirror/view";
import { MENTION_TOKEN_PATTERN } from "@/lib/annotations/mentions";

/** A mention token `@[Name](user:id)` drawn as "@Name"; the document keeps the token. */
class MentionWidget extends WidgetType {
  constructor(
    readonly name: string,
    readonly userId: string,
  ) {
    super();
  }

  override eq(other: MentionWidget): boolean {
    return other.name === this.name && other.userId === this.userId;
  }

  override toDOM(): HTMLElement {
    const chip = document.createElement("span");
    chip.className = "cm-mention";
    chip.dataset.userId = this.userId;
    chip.textContent = `@${this.name}`;
    return chip;
  }

  override ignoreEvent(): boolean {
    return false;
  }
}

/** Where the tokens are: each one a single replace decoration carrying the display name. */
export function mentionDecorations(text: string): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const match of text.matchAll(MENTION_TOKEN_PATTERN)) {
    const from = match.index;
    builder.add(
      from,
      from + match[0].length,
      Decoration.replace({ widget: new MentionWidget(match[1] ?? "", match[2] ?? "") }),
    );
  }
  return builder.finish();
}

// A state field rather than a view plugin: the tokens are found again on every change (a comment
// is at most 10,000 characters), and tests can read them from an EditorState without a DOM.
export const mentionField = StateField.define<DecorationSet>({
  create: (state) => mentionDecorations(state.doc.toString()),
  update: (decorations, transaction) =>
    transaction.docChanged ? mentionDecorations(transaction.newDoc.toString()) : decorations,
  provide: (field) => [
    EditorView.decorations.from(field),
    // The caret steps over a token and Backspace takes it whole: half a token is not a mention.
    EditorView.atomicRanges.of((view) => view.state.field(field)),
  ],
});

/** The display names of the mentions, in order, as the editor shows them. */
export function shownMentions(state: EditorState): { from: number; to: number; name: string }[] {
  const shown: { from: number; to: number; name: string }[] = [];
  const cursor = state.field(mentionField).iter();
  for (; cursor.value; cursor.next()) {
    // Every decoration of this field is a replace with a MentionWidget (`spec` is untyped).
    const spec = cursor.value.spec as { widget: MentionWidget };
    shown.push({ from: cursor.from, to: cursor.to, name: spec.widget.name });
  }
  return shown;
}

export const mentionExtension: Extension = [
  mentionField,
  EditorView.baseTheme({
    ".cm-mention": {
      borderRadius: "0.25rem",
      padding: "0 0.15rem",
      fontWeight: "600",
      color: "var(--color-accent, #7c5c3b)",
      backgroundColor: "color-mix(in srgb, currentColor 12%, transparent)",
    },
  }),
];
