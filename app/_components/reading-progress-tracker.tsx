"use client";

import { useEffect, useRef, useState } from "react";

type Progress = { fraction: number; paragraphId: string | null; completedAt: string | null };

function measure(): { fraction: number; paragraphId: string | null } | null {
  const paragraphs = [...document.querySelectorAll<HTMLElement>("[data-paragraph-id]")];
  const first = paragraphs[0];
  const last = paragraphs.at(-1);
  if (!first || !last) return null;
  const top = first.getBoundingClientRect().top + window.scrollY;
  const bottom = last.getBoundingClientRect().bottom + window.scrollY;
  const seen = window.scrollY + window.innerHeight - top;
  const fraction = Math.max(0, Math.min(1, seen / Math.max(1, bottom - top)));
  // The last paragraph whose top is on screen: how far the reader has got.
  let reached: string | null = null;
  for (const paragraph of paragraphs) {
    if (paragraph.getBoundingClientRect().top < window.innerHeight)
      reached = paragraph.dataset.paragraphId ?? null;
    else break;
  }
  return { fraction: Math.round(fraction * 1000) / 1000, paragraphId: reached };
}

/**
 * Records how far the member has read (the furthest point), without slowing the page: scroll
 * only marks the position dirty; it is measured when the browser is idle and sent at most every
 * few seconds, and once more with sendBeacon when the page is left.
 */
export function ReadingProgressTracker({ chapterId }: { chapterId: string }) {
  const url = `/api/chapters/${chapterId}/progress`;
  const [progress, setProgress] = useState<Progress | null>(null);
  const sent = useRef(0);
  const pending = useRef<{ fraction: number; paragraphId: string | null } | null>(null);

  useEffect(() => {
    void fetch(url)
      .then((response) =>
        response.ok ? (response.json() as Promise<{ progress: Progress | null }>) : null,
      )
      .then((body) => {
        if (body?.progress) {
          setProgress(body.progress);
          sent.current = body.progress.fraction;
        }
      });
  }, [url]);

  useEffect(() => {
    let dirty = false;
    const flush = (beacon: boolean) => {
      const next = pending.current;
      if (!next || next.fraction <= sent.current + 0.01) return;
      sent.current = next.fraction;
      const body = JSON.stringify(next);
      if (beacon && navigator.sendBeacon)
        navigator.sendBeacon(url, new Blob([body], { type: "application/json" }));
      else
        void fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          keepalive: true,
        });
    };
    const onScroll = () => {
      if (dirty) return;
      dirty = true;
      const run = () => {
        dirty = false;
        const measured = measure();
        if (measured && measured.fraction > (pending.current?.fraction ?? 0))
          pending.current = measured;
      };
      if ("requestIdleCallback" in window) window.requestIdleCallback(run, { timeout: 1000 });
      else setTimeout(run, 200);
    };
    const timer = window.setInterval(() => flush(false), 5000);
    const onHide = () => flush(true);
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("pagehide", onHide);
    onScroll();
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("pagehide", onHide);
      flush(true);
    };
  }, [url]);

  async function mark(completed: boolean) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ completed }),
    });
    if (response.ok) setProgress(((await response.json()) as { progress: Progress }).progress);
  }

  const done = Boolean(progress?.completedAt);
  return (
    <div className="mx-auto mt-8 flex max-w-[65ch] items-center justify-between gap-3 pb-20 text-sm lg:pb-4">
      <span className="text-muted">
        {done
          ? "You have read this chapter."
          : progress
            ? `Read so far: ${Math.round(progress.fraction * 100)}%`
            : ""}
      </span>
      <button
        type="button"
        onClick={() => void mark(!done)}
        aria-pressed={done}
        className="rounded-md border border-line px-3 py-1.5 font-medium hover:bg-accent-soft"
      >
        {done ? "✓ Read" : "Mark chapter as read"}
      </button>
    </div>
  );
}
