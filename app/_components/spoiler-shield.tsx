"use client";

import { EyeOff } from "lucide-react";
import { useState, type ReactNode } from "react";

/**
 * A comment the member asked not to see yet ("hide comments beyond where I have read"),
 * collapsed behind one line and a Reveal button. The same shield wherever comments appear
 * outside the margin: comments view, search, notifications, group home (see `shieldedKeys`).
 */
export function SpoilerShield({
  shielded,
  children,
  label = "A comment further on than you have read.",
  compact = false,
}: {
  shielded: boolean;
  children: ReactNode;
  label?: string;
  compact?: boolean;
}) {
  const [revealed, setRevealed] = useState(false);
  if (!shielded || revealed) return <>{children}</>;
  return (
    <div
      data-spoiler-shield
      className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-dashed border-line bg-accent-soft/60 text-sm text-muted ${compact ? "px-2 py-1" : "px-3 py-2"}`}
    >
      <EyeOff aria-hidden className="h-4 w-4 shrink-0" strokeWidth={1.75} />
      <span className="min-w-0 flex-1">{label}</span>
      <button
        type="button"
        onClick={() => setRevealed(true)}
        className="rounded px-1 font-medium text-accent underline underline-offset-2 hover:opacity-80"
      >
        Reveal
      </button>
    </div>
  );
}
