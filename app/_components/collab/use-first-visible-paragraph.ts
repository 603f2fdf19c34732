"use client";

import { useEffect, useState } from "react";

/** Below the sticky header: a paragraph whose bottom is above this line is scrolled past. */
const HEADER_PX = 80;

/** The paragraph at the top of the reader's screen, read from the page now. */
export function firstVisibleParagraph(): string | null {
  for (const element of document.querySelectorAll<HTMLElement>("[data-paragraph-id]")) {
    if (element.getBoundingClientRect().bottom > HEADER_PX)
      return element.dataset.paragraphId ?? null;
  }
  return null;
}

/**
 * The paragraph at the top of the screen, renewed once scrolling has stopped for `settleMs`:
 * what it feeds (presence) goes to every peer, so each scroll step is not worth sending.
 */
export function useFirstVisibleParagraph(settleMs: number): string | null {
  // Read at once in the browser, so that presence is published once on opening, not first empty.
  const [paragraphId, setParagraphId] = useState<string | null>(() =>
    typeof document === "undefined" ? null : firstVisibleParagraph(),
  );
  useEffect(() => {
    const update = () => setParagraphId(firstVisibleParagraph());
    update();
    let timer: number | undefined;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, settleMs);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.clearTimeout(timer);
    };
  }, [settleMs]);
  return paragraphId;
}
