"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import {
  paragraphText,
  selectionToOffsets,
} from "@/lib/annotations/anchoring/selection-to-offsets";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { MAX_QUOTE_CHARS } from "@/lib/annotations/comment-schemas";

type Anchor = TThreadSnapshot["anchor"];

export type TTextSelection = { anchor: Anchor; top: number; left: number };

/** Where the buttons offered for a selection go, from the selection's bounding rectangle. */
export type TPlaceSelection = (rect: DOMRect) => { top: number; left: number };

/**
 * The reader's current selection inside one paragraph of the chapter, as an anchor (the quote
 * clamped to MAX_QUOTE_CHARS) and a place for the buttons it offers; null when nothing is
 * selected or the selection is not inside a single paragraph.
 */
export function useTextSelection(
  chapterId: string,
  place: TPlaceSelection,
): { selection: TTextSelection | null; clear: () => void } {
  const [selection, setSelection] = useState<TTextSelection | null>(null);
  const placeRef = useRef(place);
  useEffect(() => {
    placeRef.current = place;
  }, [place]);

  useEffect(() => {
    const onSelection = () => {
      const current = window.getSelection();
      if (!current || current.isCollapsed || current.rangeCount === 0) return setSelection(null);
      const range = current.getRangeAt(0);
      const offsets = selectionToOffsets(range, document);
      if (!offsets || offsets.end <= offsets.start) return setSelection(null);
      const element = document.getElementById(`p-${offsets.paragraphId}`);
      if (!element) return setSelection(null);
      const end = Math.min(offsets.end, offsets.start + MAX_QUOTE_CHARS);
      setSelection({
        anchor: {
          chapterId,
          paragraphId: offsets.paragraphId,
          ...describeSelection(paragraphText(element), offsets.start, end),
        },
        ...placeRef.current(range.getBoundingClientRect()),
      });
    };
    document.addEventListener("selectionchange", onSelection);
    return () => document.removeEventListener("selectionchange", onSelection);
  }, [chapterId]);

  const clear = useCallback(() => setSelection(null), []);
  return { selection, clear };
}
