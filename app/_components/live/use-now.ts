"use client";

import { useEffect, useState } from "react";

/**
 * The time, refreshed every `everyMs`: coarse on purpose, the status line shows minutes.
 * It starts at `renderedAt`, the server's time of the render, so that hydration sees what the
 * server rendered: a `Date.now()` of its own differed from the server's by the time the page took
 * to hydrate, and when that crossed a minute ("Starts in 5 min" / "in 4 min") React threw away
 * the server's HTML (error 418). `browser` is false until then: what depends on the browser's
 * own settings (its time zone and language) waits for it too.
 */
export function useNow(everyMs: number, renderedAt: number): { now: number; browser: boolean } {
  const [now, setNow] = useState<{ now: number; browser: boolean }>({
    now: renderedAt,
    browser: false,
  });
  useEffect(() => {
    const tick = () => setNow({ now: Date.now(), browser: true });
    tick();
    const timer = window.setInterval(tick, everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
