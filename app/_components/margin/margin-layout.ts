"use client";

import { useEffect, useLayoutEffect, useState, type RefObject } from "react";
import { stackCards } from "@/app/_components/margin/stack-cards";

export function paragraphElements(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-paragraph-id]")];
}

/** A number that changes whenever the page reflows (the article resizes, the window does). */
export function useReflowVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const remeasure = () => setVersion((v) => v + 1);
    const observer = new ResizeObserver(remeasure);
    const article = document.querySelector("[data-paragraph-id]")?.parentElement;
    if (article) observer.observe(article);
    window.addEventListener("resize", remeasure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", remeasure);
    };
  }, []);
  return version;
}

/** A card wants to sit level with its paragraph; `height` is a guess until it is measured. */
export type TCardSlot = { id: string; paragraphId: string; height: number; lift?: number };

/**
 * Where each paragraph sits relative to the margin column (re-measured on `remeasure`), and where
 * each card goes: level with its passage, pushed down past the one above, never above the
 * margin's own lines (`headEnd`).
 */
export function useCardPositions(
  margin: RefObject<HTMLElement | null>,
  headEnd: RefObject<HTMLElement | null>,
  cards: RefObject<Map<string, HTMLElement>>,
  slots: TCardSlot[],
  remeasure: readonly unknown[],
  restack: readonly unknown[],
): { paragraphTops: Map<string, number>; positions: Map<string, number> } {
  const [paragraphTops, setParagraphTops] = useState<Map<string, number>>(new Map());
  const [positions, setPositions] = useState<Map<string, number>>(new Map());
  useLayoutEffect(() => {
    const column = margin.current;
    if (!column) return;
    const origin = column.getBoundingClientRect().top;
    setParagraphTops(
      new Map(
        paragraphElements().map((element) => [
          element.dataset.paragraphId ?? "",
          element.getBoundingClientRect().top - origin,
        ]),
      ),
    );
    // The caller names what moves paragraphs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, remeasure);
  useLayoutEffect(() => {
    setPositions(
      stackCards(
        slots.map((slot) => ({
          id: slot.id,
          desiredTop: (paragraphTops.get(slot.paragraphId) ?? 0) - (slot.lift ?? 0),
          height: cards.current.get(slot.id)?.offsetHeight ?? slot.height,
        })),
        8,
        headEnd.current?.offsetTop ?? 0,
      ),
    );
    // Heights change after the first paint of a card: the caller names what restacks them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paragraphTops, ...restack]);
  return { paragraphTops, positions };
}
