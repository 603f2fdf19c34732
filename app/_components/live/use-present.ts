"use client";

import { useEffect, useState } from "react";
import { readPresent, type TPresent } from "@/app/_components/live/presence";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

const EMPTY_PRESENT: TPresent[] = [];

/** Presence changes of hundreds of peers are folded into at most four renders a second. */
export function usePresent(doc: CollabDoc | null): TPresent[] {
  const [present, setPresent] = useState<TPresent[]>(EMPTY_PRESENT);
  useEffect(() => {
    if (!doc) return;
    let timer: number | undefined;
    const schedule = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setPresent(readPresent(doc));
      }, 250);
    };
    setPresent(readPresent(doc));
    doc.awareness.on("change", schedule);
    return () => {
      doc.awareness.off("change", schedule);
      window.clearTimeout(timer);
    };
  }, [doc]);
  return present;
}
