"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card } from "@/app/_components/ui";

type ImportSummary = {
  texts: number;
  threads: number;
  sessions: number;
  membersAdded: number;
  invited: string[];
  reattributed: number;
};

/** Export the group as one archive; import an archive into this group while it is still empty. */
export function GroupArchivePanel({ groupId, empty }: { groupId: string; empty: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [summary, setSummary] = useState<ImportSummary>();
  const [busy, setBusy] = useState(false);

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const response = await fetch(`/api/groups/${groupId}/archive`, {
        method: "POST",
        body: new FormData(event.currentTarget),
      });
      const payload = (await response.json().catch(() => null)) as {
        import?: ImportSummary;
        error?: { message?: string };
      } | null;
      if (!response.ok || !payload?.import)
        return setError(payload?.error?.message ?? "The import failed.");
      setSummary(payload.import);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <h2 className="mb-2 font-serif text-xl font-semibold">Archive</h2>
      <p className="mb-4 text-sm text-muted">
        The group&apos;s texts, comments, sessions, assignments, reading progress, members and your
        own private notes, as one file you can import elsewhere.
      </p>
      <a
        href={`/api/groups/${groupId}/archive`}
        download
        className="inline-flex items-center justify-center rounded-md border border-line px-4 py-2 text-sm font-medium text-ink hover:bg-accent-soft"
      >
        Export the group
      </a>
      {empty ? (
        <form onSubmit={(event) => void upload(event)} className="mt-6 space-y-2">
          <label htmlFor="archive-file" className="block text-sm font-medium">
            Import an archive into this group
          </label>
          <input id="archive-file" name="file" type="file" accept=".zip,application/zip" required />
          <div>
            <Button type="submit" variant="secondary" disabled={busy}>
              {busy ? "Importing…" : "Import"}
            </Button>
          </div>
        </form>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {summary ? (
        <Alert tone="info">
          Imported {summary.texts} texts, {summary.threads} threads and {summary.sessions} sessions;{" "}
          {summary.membersAdded} members added
          {summary.invited.length > 0 ? `, ${summary.invited.length} invited by e-mail` : ""}.
        </Alert>
      ) : null}
    </Card>
  );
}
