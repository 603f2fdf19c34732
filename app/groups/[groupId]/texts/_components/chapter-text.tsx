"use client";

import { use, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { cachedChapterHtml } from "@/lib/texts/chapter-html";

const loads = new Map<string, Promise<string>>();

/** One fetch per chapter version and page life; the browser revalidates it by ETag. */
function loadChapterHtml(chapterId: string, version: string): Promise<string> {
  const key = `${chapterId}:${version}`;
  let load = loads.get(key);
  if (!load) {
    load = fetch(`/api/chapters/${encodeURIComponent(chapterId)}/html`, {
      credentials: "same-origin",
    }).then((response) => {
      if (!response.ok) throw new Error(`The chapter could not be loaded (${response.status})`);
      return response.text();
    });
    load.catch(() => loads.delete(key));
    if (loads.size > 20) loads.delete(loads.keys().next().value ?? "");
    loads.set(key, load);
  }
  return load;
}

const noSubscription = () => () => undefined;

/**
 * A chapter's paragraphs, sent once. A full page load carries them only as HTML: the server
 * render takes the string the page cached (the flight payload carries no text), and hydration
 * keeps that DOM as it is (React does not compare or replace `dangerouslySetInnerHTML` when
 * hydrating). A client-side navigation has no server HTML, so it loads the fragment and
 * suspends until it is there, so the margin's hooks find the paragraphs when they mount.
 * The margin, highlights, selection and spotlight attach to the paragraphs by their ids.
 */
export function ChapterText({ chapterId, version }: { chapterId: string; version: string }) {
  // true while rendering on the server and while hydrating; false on a client-side render.
  const hydrating = useSyncExternalStore(
    noSubscription,
    () => false,
    () => true,
  );
  const [fromServer] = useState(hydrating);
  const [late, setLate] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The server found no cached HTML (evicted between the page and its render): load it.
    if (fromServer && ref.current?.childElementCount === 0)
      void loadChapterHtml(chapterId, version).then(setLate);
  }, [fromServer, chapterId, version]);

  let html: string;
  if (typeof window === "undefined") html = cachedChapterHtml(chapterId, version) ?? "";
  else if (late !== null) html = late;
  else if (fromServer) html = "";
  else html = use(loadChapterHtml(chapterId, version));
  return (
    <div
      ref={ref}
      className="reader-text"
      data-chapter-id={chapterId}
      data-chapter-version={version}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
