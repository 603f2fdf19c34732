"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { paintSpotlight } from "@/app/_components/live/spotlight-paint";
import type { TSpotlight } from "@/lib/sessions/live/document/session-document";

/**
 * Paints the spotlight for everyone and takes followers to it: to its chapter, then scrolled to
 * its paragraph once per spotlight, so a follower who scrolls away is not pulled back until the
 * host moves the spotlight or they follow again.
 */
export function useSpotlightFollowing({
  spotlight,
  chapterId,
  chapterTitles,
  chapterUrl,
}: {
  spotlight: TSpotlight | null;
  chapterId: string;
  chapterTitles: Map<string, string>;
  chapterUrl: (id: string) => string;
}): { following: boolean; follow: (on: boolean) => void } {
  const router = useRouter();
  const [following, setFollowing] = useState(true);
  const scrolledFor = useRef<string | null>(null);

  useEffect(() => {
    const element = paintSpotlight(spotlight);
    if (!spotlight || !following) return;
    const key = `${spotlight.setAt}:${spotlight.paragraphId}`;
    if (spotlight.chapterId !== chapterId) {
      if (chapterTitles.has(spotlight.chapterId)) router.replace(chapterUrl(spotlight.chapterId));
      return;
    }
    if (!element || scrolledFor.current === key) return;
    scrolledFor.current = key;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
  }, [spotlight, following, chapterId, chapterTitles, chapterUrl, router]);
  useEffect(() => () => void paintSpotlight(null), []);

  // Following again goes back to the spotlight even if it has not moved since.
  const follow = useCallback((on: boolean) => {
    scrolledFor.current = null;
    setFollowing(on);
  }, []);
  return { following, follow };
}
