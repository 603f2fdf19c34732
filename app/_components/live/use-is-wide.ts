"use client";

import { useEffect, useState } from "react";

/**
 * Whether the window is wide enough for the side panel (Tailwind's `xl`). Starts wide so the
 * server render and the first client render agree on desktops, the common case.
 */
export function useIsWide(): boolean {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const media = window.matchMedia("(min-width: 1280px)");
    const update = () => setWide(media.matches);
    update();
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, []);
  return wide;
}
