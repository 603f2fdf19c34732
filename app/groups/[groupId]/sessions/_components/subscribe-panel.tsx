"use client";

import { useEffect, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";
import { Button } from "@/app/_components/ui";

/**
 * The member's secret ICS feed URL with ways to subscribe (copy, webcal for Apple/Outlook,
 * Google's "add by URL"), and a way to replace it when it leaked.
 */
export function SubscribePanel({ endpoint, label }: { endpoint: string; label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const { confirm, dialogs } = useDialogs();

  useEffect(() => {
    void callApi<{ url: string }>(endpoint).then((result) => {
      if (result.ok) setUrl(result.data.url);
    });
  }, [endpoint]);

  async function regenerate() {
    const yes = await confirm({
      title: "Make a new address?",
      description: "Calendars subscribed to the old one stop updating.",
      confirmLabel: "Make a new address",
      destructive: true,
    });
    if (!yes) return;
    const result = await callApi<{ url: string }>(`${endpoint}/regenerate`, { method: "POST" });
    if (result.ok) {
      setUrl(result.data.url);
      setNote("New address made; the old one no longer works.");
    } else setNote(result.message);
  }

  async function copy() {
    if (!url) return;
    await navigator.clipboard.writeText(url).catch(() => undefined);
    setNote("Copied.");
  }

  const webcal = url?.replace(/^https?:/, "webcal:");
  return (
    <div className="space-y-3 text-sm">
      {dialogs}
      <p className="text-muted">
        {label} Keep the address to yourself: anyone who has it can read the schedule.
      </p>
      <input
        readOnly
        aria-label="Calendar feed address"
        value={url ?? "…"}
        onFocus={(event) => event.currentTarget.select()}
        className="block w-full truncate rounded-md border border-line bg-white px-3 py-2 font-mono text-xs dark:bg-black/20"
      />
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={() => void copy()} disabled={!url}>
          Copy
        </Button>
        {webcal ? (
          <>
            <a
              href={webcal}
              className="inline-flex items-center rounded-md border border-line px-4 py-2 font-medium hover:bg-accent-soft"
            >
              Apple / Outlook
            </a>
            <a
              href={`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`}
              target="_blank"
              rel="noreferrer"
              className="inline-flex items-center rounded-md border border-line px-4 py-2 font-medium hover:bg-accent-soft"
            >
              Google
            </a>
          </>
        ) : null}
        <Button type="button" variant="secondary" onClick={() => void regenerate()}>
          New address
        </Button>
      </div>
      {note ? (
        <p role="status" className="text-muted">
          {note}
        </p>
      ) : null}
    </div>
  );
}
