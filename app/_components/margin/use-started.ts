"use client";

import { useEffect, useState } from "react";

/**
 * Whether the session has started, turning true at its start time while the page is open; null
 * until mounted (the server renders no dates: it does not know the reader's time zone).
 */
export function useStarted(startsAt: string | null): boolean | null {
  const [started, setStarted] = useState<boolean | null>(null);
  useEffect(() => {
    if (!startsAt) return;
    const at = Date.parse(startsAt);
    let timer: number | undefined;
    const check = () => {
      const left = at - Date.now();
      setStarted(left <= 0);
      // setTimeout holds at most ~24 days: sessions further off are checked again then.
      if (left > 0) timer = window.setTimeout(check, Math.min(left, 2 ** 31 - 1));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [startsAt]);
  return started;
}
