"use client";

import { useEffect, useState } from "react";

/**
 * Whether a media query matches, following changes. `initial` is what the server render and the
 * first client render use: the margin renders nothing until it knows (null), the live room
 * assumes a desktop, the common case.
 */
export function useMediaQuery<TInitial extends boolean | null>(
  query: string,
  initial: TInitial,
): boolean | TInitial {
  const [matches, setMatches] = useState<boolean | TInitial>(initial);
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setMatches(media.matches);
    update();
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, [query]);
  return matches;
}
