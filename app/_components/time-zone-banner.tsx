"use client";

import { Clock, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/app/_components/api-client";

/** localStorage: the browser zones this user chose to keep their stored zone against. */
export const KEPT_ZONE_KEY = "marginalia:time-zone-kept";

function keptPairs(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEPT_ZONE_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((item) => typeof item === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Offers to move the profile's time zone to the browser's when they differ (a trip, a move, an
 * account made on another machine): one click to update, or dismissed and remembered for this
 * pair of zones, so travelling back and forth asks once per zone, not on every page.
 */
export function TimeZoneBanner({ storedZone }: { storedZone: string }) {
  const router = useRouter();
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Decided after hydration: the server cannot know the browser's zone.
    if (zone && zone !== storedZone && !keptPairs().includes(`${storedZone}>${zone}`))
      setBrowserZone(zone);
    else setBrowserZone(null);
  }, [storedZone]);

  if (!browserZone) return null;

  function keep() {
    try {
      localStorage.setItem(
        KEPT_ZONE_KEY,
        JSON.stringify([...keptPairs(), `${storedZone}>${browserZone}`].slice(-20)),
      );
    } catch {
      // Private browsing: the offer comes back next time, which is harmless.
    }
    setBrowserZone(null);
  }

  async function update() {
    setBusy(true);
    const result = await callApi("/api/users/me", {
      method: "PATCH",
      json: { timeZone: browserZone },
    });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setBrowserZone(null);
    router.refresh();
  }

  return (
    <div data-time-zone-banner className="border-t border-line bg-accent-soft">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm sm:px-6">
        <Clock aria-hidden className="h-4 w-4 shrink-0 text-muted" strokeWidth={1.75} />
        <p className="min-w-0 flex-1">
          This device is on <strong>{browserZone.replaceAll("_", " ")}</strong> time; times are
          shown in <strong>{storedZone.replaceAll("_", " ")}</strong>.
          {error ? <span className="ml-2 text-red-800">{error}</span> : null}
        </p>
        <span className="flex items-center gap-2">
          <button
            type="button"
            disabled={busy}
            onClick={() => void update()}
            className="rounded-md bg-accent px-3 py-1 font-medium text-paper hover:opacity-90 disabled:opacity-50"
          >
            Use {browserZone.replaceAll("_", " ")}
          </button>
          <button
            type="button"
            onClick={keep}
            aria-label={`Keep ${storedZone.replaceAll("_", " ")}`}
            title={`Keep ${storedZone.replaceAll("_", " ")}`}
            className="rounded p-1 text-muted hover:text-ink"
          >
            <X aria-hidden className="h-4 w-4" strokeWidth={2} />
          </button>
        </span>
      </div>
    </div>
  );
}
