"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { paragraphText } from "@/lib/annotations/anchoring/selection-to-offsets";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { MAX_QUOTE_CHARS } from "@/lib/annotations/comment-schemas";

type Anchor = TThreadSnapshot["anchor"];

/**
 * The passage a new comment is being written on: kept across a reload (localStorage) until posted
 * or cancelled; closing gives focus back to where it was when the composer opened.
 */
export function useCommentDraft(chapterId: string, onOpen: () => void) {
  const [draft, setDraft] = useState<Anchor | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const draftKey = `marginalia-draft:${chapterId}`;

  // Comments written before a reload, not yet posted, come back.
  useEffect(() => {
    try {
      const saved = localStorage.getItem(`${draftKey}:anchor`);
      if (saved) setDraft(JSON.parse(saved) as Anchor);
    } catch {
      // ignore
    }
  }, [draftKey]);
  useEffect(() => {
    try {
      if (draft) localStorage.setItem(`${draftKey}:anchor`, JSON.stringify(draft));
      else localStorage.removeItem(`${draftKey}:anchor`);
    } catch {
      // ignore
    }
  }, [draft, draftKey]);

  const openDraft = useCallback(
    (anchor: Anchor) => {
      returnFocus.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setDraft(anchor);
      onOpen();
    },
    [onOpen],
  );

  const closeDraft = useCallback(() => {
    setDraft(null);
    returnFocus.current?.focus();
  }, []);

  /** The "+" beside a paragraph: a comment on its first words (as many as a quote may hold). */
  const commentOnParagraph = useCallback(
    (paragraphId: string) => {
      const element = document.getElementById(`p-${paragraphId}`);
      if (!element) return;
      const text = paragraphText(element);
      if (!text) return;
      openDraft({
        chapterId,
        paragraphId,
        ...describeSelection(text, 0, Math.min(text.length, MAX_QUOTE_CHARS)),
      });
    },
    [chapterId, openDraft],
  );

  return { draft, setDraft, draftKey, openDraft, closeDraft, commentOnParagraph };
}
