"use client";

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import { useEffect, useId, useRef, useState } from "react";
import { mentionExtension } from "@/app/_components/margin/mention-decorations";
import { mentionToken, suggestMentions, type TMentionMember } from "@/lib/annotations/mentions";

type Props = {
  label: string;
  submitLabel: string;
  members: TMentionMember[];
  /** localStorage key: what is typed survives a reload. */
  draftKey: string;
  initialBody?: string;
  allowPrivate?: boolean;
  /** Offers "Hold until the session (…)": the label's date is the session's start. */
  holdUntil?: string | null;
  autoFocus?: boolean;
  /** Resolving to false keeps what was typed (the comment was not taken). */
  onSubmit: (
    body: string,
    options: { private: boolean; hold: boolean },
  ) => void | boolean | Promise<void | boolean>;
  onCancel?: () => void;
};

const MAX_BODY = 10_000;

function Switch({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      <input
        type="checkbox"
        role="switch"
        aria-checked={checked}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      {label}
    </label>
  );
}

function readDraft(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function CommentEditor({
  label,
  submitLabel,
  members,
  draftKey,
  initialBody = "",
  allowPrivate = false,
  holdUntil = null,
  autoFocus = true,
  onSubmit,
  onCancel,
}: Props) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const shortcut = useSubmitShortcutLabel();
  const [body, setBody] = useState(initialBody);
  // "Only me" and "Hold" exclude each other: a held comment is for everyone, later.
  const [audience, setAudience] = useState<"everyone" | "private" | "hold">("everyone");
  const isPrivate = audience === "private";
  const holding = audience === "hold" && Boolean(holdUntil);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const suggestions = mention ? suggestMentions(mention.query, members, 6) : [];
  // CodeMirror's key bindings are made once; they read the current React state through this.
  const live = useRef({
    mention,
    suggestions,
    active,
    submit: () => {},
    insert: (_member: TMentionMember) => {},
    cancel: onCancel,
  });
  const attributes = useRef(new Compartment());
  const hint = useRef(new Compartment());

  const placeholder = holding
    ? "The others see it when the session starts…"
    : isPrivate
      ? "A note only you will see…"
      : "Write in the margin… (@ to mention)";

  function contentAttributes(): Record<string, string> {
    return {
      "aria-label": label,
      "aria-describedby": `${id}-shortcut`,
      "aria-autocomplete": "list",
      ...(suggestions.length > 0
        ? { "aria-controls": `${id}-mentions`, "aria-activedescendant": `${id}-mention-${active}` }
        : {}),
    };
  }

  function onChange(value: string, caret: number) {
    setBody(value);
    const before = value.slice(0, caret);
    const match = /(^|\s)@([\p{L}\p{N}'’.-]{0,30})$/u.exec(before);
    setMention(
      match ? { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? "" } : null,
    );
    setActive(0);
  }

  function replaceBody(next: string, caret = next.length) {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: next },
      selection: { anchor: caret },
    });
  }

  function insertMention(member: TMentionMember) {
    const editor = view.current;
    if (!mention || !editor) return;
    const caret = editor.state.selection.main.head;
    const token = `${mentionToken(member)} `;
    editor.dispatch({
      changes: { from: mention.start, to: caret, insert: token },
      selection: { anchor: mention.start + token.length },
    });
    setMention(null);
    editor.focus();
  }

  useEffect(() => {
    if (!host.current) return;
    const saved = initialBody ? null : readDraft(draftKey);
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: saved ?? initialBody,
        extensions: [
          history(),
          Prec.highest(
            keymap.of([
              {
                key: "ArrowDown",
                run: () => moveSuggestion(1),
              },
              {
                key: "ArrowUp",
                run: () => moveSuggestion(-1),
              },
              { key: "Enter", run: chooseSuggestion },
              { key: "Tab", run: chooseSuggestion },
              {
                key: "Escape",
                run: () => {
                  if (live.current.mention && live.current.suggestions.length > 0) {
                    setMention(null);
                    return true;
                  }
                  live.current.cancel?.();
                  return Boolean(live.current.cancel);
                },
              },
              {
                key: "Mod-Enter",
                run: () => {
                  live.current.submit();
                  return true;
                },
              },
            ]),
          ),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          EditorState.changeFilter.of((transaction) => transaction.newDoc.length <= MAX_BODY),
          mentionExtension,
          attributes.current.of(EditorView.contentAttributes.of(contentAttributes())),
          hint.current.of(placeholderText(placeholder)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged || update.selectionSet)
              onChange(update.state.doc.toString(), update.state.selection.main.head);
          }),
        ],
      }),
    });
    view.current = editor;
    if (saved) setBody(saved);
    if (autoFocus) editor.focus();
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Made once per editor; later state reaches the key bindings through `live`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function moveSuggestion(step: 1 | -1): boolean {
    const { mention: open, suggestions: list } = live.current;
    if (!open || list.length === 0) return false;
    setActive((current) => (current + step + list.length) % list.length);
    return true;
  }

  function chooseSuggestion(): boolean {
    const { mention: open, suggestions: list, active: index } = live.current;
    const chosen = list[index];
    if (!open || !chosen) return false;
    live.current.insert(chosen);
    return true;
  }

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        attributes.current.reconfigure(EditorView.contentAttributes.of(contentAttributes())),
        hint.current.reconfigure(placeholderText(placeholder)),
      ],
    });
    // contentAttributes reads exactly these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label, placeholder, suggestions.length, active]);

  useEffect(() => {
    try {
      if (body && body !== initialBody) localStorage.setItem(draftKey, body);
      else localStorage.removeItem(draftKey);
    } catch {
      // Private browsing: drafts just are not kept.
    }
  }, [body, draftKey, initialBody]);

  async function submit() {
    const trimmed = body.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    try {
      const taken = await onSubmit(trimmed, { private: isPrivate, hold: holding });
      if (taken === false) return;
      replaceBody("");
      setBody("");
      // Where the composer stays open (a page's comment box), the next comment starts here; where
      // it closes, its owner moves focus (to the new card, or back to "Reply").
      view.current?.focus();
      try {
        localStorage.removeItem(draftKey);
      } catch {
        // ignore
      }
    } finally {
      setBusy(false);
    }
  }

  live.current = {
    mention,
    suggestions,
    active,
    submit: () => void submit(),
    insert: insertMention,
    cancel: onCancel,
  };

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="relative">
        <div
          ref={host}
          data-comment-editor
          className="comment-editor block w-full rounded-md border border-line bg-white text-sm text-ink shadow-inner focus-within:border-accent dark:bg-black/30"
        />
        {suggestions.length > 0 ? (
          <ul
            id={`${id}-mentions`}
            role="listbox"
            aria-label="Mention a member"
            className="absolute left-0 right-0 top-full z-30 mt-1 overflow-hidden rounded-md border border-line bg-paper shadow-lg"
          >
            {suggestions.map((member, index) => (
              <li
                key={member.id}
                id={`${id}-mention-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  insertMention(member);
                }}
                className={`cursor-pointer px-3 py-1.5 text-sm ${index === active ? "bg-accent-soft" : ""}`}
              >
                {member.name}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        {allowPrivate || holdUntil ? (
          <span className="flex flex-col gap-1">
            {allowPrivate ? (
              <Switch
                label="Only me"
                checked={isPrivate}
                onChange={(on) => setAudience(on ? "private" : "everyone")}
              />
            ) : null}
            {holdUntil ? (
              <Switch
                label={`Hold until the session (${holdUntil})`}
                checked={holding}
                onChange={(on) => setAudience(on ? "hold" : "everyone")}
              />
            ) : null}
          </span>
        ) : (
          <span />
        )}
        <span className="flex items-center gap-2">
          <span id={`${id}-shortcut`} className="hidden text-[11px] text-muted sm:inline">
            <kbd className="font-sans">{shortcut}</kbd> to post
          </span>
          {onCancel ? (
            <button
              type="button"
              onClick={onCancel}
              className="rounded px-2 py-1 text-xs text-muted hover:text-ink"
            >
              Cancel
            </button>
          ) : null}
          <button
            type="submit"
            disabled={!body.trim() || busy}
            className="rounded-md bg-accent px-3 py-1 text-xs font-medium text-paper disabled:opacity-40"
          >
            {holding ? "Hold comment" : submitLabel}
          </button>
        </span>
      </div>
    </form>
  );
}

/** "⌘+Enter" on Apple keyboards, "Ctrl+Enter" elsewhere (decided after hydration). */
function useSubmitShortcutLabel(): string {
  const [label, setLabel] = useState("Ctrl+Enter");
  useEffect(() => {
    if (/Mac|iPhone|iPad/.test(navigator.userAgent)) setLabel("⌘+Enter");
  }, []);
  return label;
}
