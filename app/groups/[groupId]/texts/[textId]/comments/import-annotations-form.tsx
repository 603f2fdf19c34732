"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card } from "@/app/_components/ui";
import { REPLIES, THREADS, formatCount } from "@/lib/format/count";

type ImportResult = {
  imported: number;
  importedReplies: number;
  alreadyImported: number;
  unmatched: Array<{ originalId: string; reason: string; quote: string | null }>;
};

/** Moderators upload a Hypothesis or W3C Web Annotation export; threads are placed by quote. */
export function ImportAnnotationsForm({ textId }: { textId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ImportResult>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const response = await fetch(`/api/texts/${textId}/annotations/import`, {
        method: "POST",
        body: new FormData(event.currentTarget),
      });
      const payload = (await response.json()) as ImportResult & { error?: { message: string } };
      if (!response.ok) setError(payload.error?.message ?? "The import failed.");
      else {
        setResult(payload);
        router.refresh();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <h3 className="mb-2 font-serif text-lg font-semibold">Import annotations</h3>
      <p className="mb-3 text-sm text-muted">
        A Hypothesis export or W3C Web Annotation JSON-LD of this text. Each annotation is placed by
        its quote; a second import of the same file adds nothing twice.
      </p>
      <form onSubmit={(event) => void submit(event)} className="flex flex-wrap items-center gap-3">
        <label className="text-sm">
          <span className="sr-only">Annotation file</span>
          <input
            type="file"
            name="file"
            accept=".json,.jsonld,application/json,application/ld+json"
            required
          />
        </label>
        <Button type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        {error ? <Alert>{error}</Alert> : null}
        {result ? (
          <Alert tone="info">
            Imported {formatCount(result.imported, THREADS)} and{" "}
            {formatCount(result.importedReplies, REPLIES)}
            {result.alreadyImported ? `; ${result.alreadyImported} were already here` : ""}
            {result.unmatched.length ? `; ${result.unmatched.length} could not be placed` : ""}.
          </Alert>
        ) : null}
        {result && result.unmatched.length > 0 ? (
          <ul className="list-inside list-disc text-sm text-muted">
            {result.unmatched.map((entry) => (
              <li key={entry.originalId}>
                {entry.quote ? `“${entry.quote.slice(0, 80)}”` : entry.originalId}: {entry.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
