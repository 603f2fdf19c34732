"use client";

import { useEffect, useState } from "react";

/** The time, refreshed every `everyMs`: coarse on purpose, the status line shows minutes. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
