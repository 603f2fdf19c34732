"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
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
  const textarea = useRef<HTMLTextAreaElement>(null);
  const shortcut = useSubmitShortcutLabel();
  const [body, setBody] = useState(initialBody);
  // "Only me" and "Hold" exclude each other: a held comment is for everyone, later.
  const [audience, setAudience] = useState<"everyone" | "private" | "hold">("everyone");
  const isPrivate = audience === "private";
  const holding = audience === "hold" && Boolean(holdUntil);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const saved = readDraft(draftKey);
    if (saved && !initialBody) setBody(saved);
    if (autoFocus) textarea.current?.focus();
    // Only on mount: restore what was typed before a reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    try {
      if (body && body !== initialBody) localStorage.setItem(draftKey, body);
      else localStorage.removeItem(draftKey);
    } catch {
      // Private browsing: drafts just are not kept.
    }
  }, [body, draftKey, initialBody]);

  const suggestions = mention ? suggestMentions(mention.query, members, 6) : [];

  function onChange(value: string, caret: number) {
    setBody(value);
    const before = value.slice(0, caret);
    const match = /(^|\s)@([\p{L}\p{N}'’.-]{0,30})$/u.exec(before);
    setMention(
      match ? { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? "" } : null,
    );
    setActive(0);
  }

  function insertMention(member: TMentionMember) {
    if (!mention) return;
    const caret = textarea.current?.selectionStart ?? body.length;
    const token = `${mentionToken(member)} `;
    const next = body.slice(0, mention.start) + token + body.slice(caret);
    setBody(next);
    setMention(null);
    requestAnimationFrame(() => {
      const position = mention.start + token.length;
      textarea.current?.setSelectionRange(position, position);
      textarea.current?.focus();
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length > 0 && mention) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive(
          (current) =>
            (current + (event.key === "ArrowDown" ? 1 : suggestions.length - 1)) %
            suggestions.length,
        );
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        const chosen = suggestions[active];
        if (chosen) insertMention(chosen);
        return;
      }
      if (event.key === "Escape") {
        setMention(null);
        return;
      }
    }
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === "Escape") {
      onCancel?.();
    }
  }

  async function submit() {
    const trimmed = body.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    try {
      const taken = await onSubmit(trimmed, { private: isPrivate, hold: holding });
      if (taken === false) return;
      setBody("");
      // Where the composer stays open (a page's comment box), the next comment starts here; where
      // it closes, its owner moves focus (to the new card, or back to "Reply").
      textarea.current?.focus();
      try {
        localStorage.removeItem(draftKey);
      } catch {
        // ignore
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={`${id}-body`} className="sr-only">
        {label}
      </label>
      <div className="relative">
        <textarea
          id={`${id}-body`}
          ref={textarea}
          value={body}
          maxLength={MAX_BODY}
          rows={3}
          placeholder={
            holding
              ? "The others see it when the session starts…"
              : isPrivate
                ? "A note only you will see…"
                : "Write in the margin… (@ to mention)"
          }
          onChange={(event) => onChange(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          aria-describedby={`${id}-shortcut`}
          aria-autocomplete="list"
          aria-controls={suggestions.length > 0 ? `${id}-mentions` : undefined}
          aria-activedescendant={suggestions.length > 0 ? `${id}-mention-${active}` : undefined}
          className="block w-full resize-y rounded-md border border-line bg-white px-2 py-1.5 text-sm text-ink shadow-inner outline-none focus:border-accent dark:bg-black/30"
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
