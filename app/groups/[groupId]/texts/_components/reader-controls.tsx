"use client";

import { Moon, Sun } from "lucide-react";
import { useEffect, useState } from "react";
import { FONT_SIZE_STORAGE_KEY, THEME_STORAGE_KEY } from "./theme-keys";

const SIZES = [15, 16, 17, 18, 19, 20, 22, 24, 26];
const DEFAULT_SIZE = 19;

/** The stored size, else the size the stylesheet chose for this screen (smaller on phones). */
function currentSize(): number {
  const value = Number.parseInt(localStorage.getItem(FONT_SIZE_STORAGE_KEY) ?? "", 10);
  if (SIZES.includes(value)) return value;
  const text = document.querySelector(".reader-text");
  const shown = text ? Number.parseFloat(getComputedStyle(text).fontSize) : DEFAULT_SIZE;
  return SIZES.reduce((best, size) =>
    Math.abs(size - shown) < Math.abs(best - shown) ? size : best,
  );
}

/** Font size and light/dark theme for the reader, remembered in this browser. */
export function ReaderControls() {
  const [size, setSize] = useState<number | null>(null);
  const [dark, setDark] = useState<boolean | null>(null);

  useEffect(() => {
    // Read once after hydration: the server cannot know what this browser stored.
    setSize(currentSize());
    setDark(document.documentElement.dataset.theme === "dark");
  }, []);

  const changeSize = (step: number) => {
    const current = size ?? DEFAULT_SIZE;
    const index = SIZES.indexOf(current);
    const next = SIZES[Math.min(SIZES.length - 1, Math.max(0, index + step))] ?? DEFAULT_SIZE;
    setSize(next);
    localStorage.setItem(FONT_SIZE_STORAGE_KEY, String(next));
    document.documentElement.style.setProperty("--reader-font-size", `${next}px`);
  };

  const toggleTheme = () => {
    const next = !(dark ?? false);
    setDark(next);
    localStorage.setItem(THEME_STORAGE_KEY, next ? "dark" : "light");
    document.documentElement.dataset.theme = next ? "dark" : "light";
  };

  const button =
    "inline-flex h-8 min-w-8 items-center justify-center rounded-md border border-line px-2 text-sm text-ink hover:bg-accent-soft disabled:opacity-40";
  return (
    <div className="flex items-center gap-1" role="group" aria-label="Reading settings">
      <button
        type="button"
        className={button}
        onClick={() => changeSize(-1)}
        disabled={size === SIZES[0]}
        aria-label="Smaller text"
        title="Smaller text"
      >
        <span className="text-xs">A</span>
      </button>
      <button
        type="button"
        className={button}
        onClick={() => changeSize(1)}
        disabled={size === SIZES.at(-1)}
        aria-label="Larger text"
        title="Larger text"
      >
        <span className="text-base">A</span>
      </button>
      <button
        type="button"
        className={button}
        onClick={toggleTheme}
        aria-pressed={dark ?? false}
        aria-label="Dark theme"
        title={dark ? "Light theme" : "Dark theme"}
      >
        {dark ? <Sun aria-hidden className="h-4 w-4" /> : <Moon aria-hidden className="h-4 w-4" />}
      </button>
    </div>
  );
}
