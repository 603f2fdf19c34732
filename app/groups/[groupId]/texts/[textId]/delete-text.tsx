"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button, Card } from "@/app/_components/ui";
import { formatCount } from "@/lib/format/count";

function count(n: number, one: string, other: string): string {
  return formatCount(n, { one, other });
}

/**
 * "Delete text", for those who may edit texts: a confirmation that says what goes with it, then
 * DELETE /api/texts/{textId} and back to the library.
 */
export function DeleteText({
  groupId,
  textId,
  title,
  chapterCount,
  commentCount,
}: {
  groupId: string;
  textId: string;
  title: string;
  chapterCount: number;
  commentCount: number;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = useRef<HTMLHeadingElement>(null);

  const opened = useRef(false);

  // Focus follows the step: the question when it opens, the button again when kept.
  useEffect(() => {
    if (confirming) question.current?.focus();
    else if (opened.current) document.getElementById("delete-text-ask")?.focus();
    opened.current ||= confirming;
  }, [confirming]);

  async function remove() {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/texts/${textId}`, { method: "DELETE" });
    if (!result.ok) {
      setBusy(false);
      return setError(result.message);
    }
    router.push(`/groups/${groupId}/texts`);
    router.refresh();
  }

  return (
    <Card className="border-red-200">
      <h2 className="font-serif text-xl font-semibold">Delete this text</h2>
      {confirming ? (
        <div className="mt-3 space-y-3" aria-labelledby="delete-text-question" role="group">
          <h3
            id="delete-text-question"
            ref={question}
            tabIndex={-1}
            className="font-medium outline-none"
          >
            Delete “{title}” for everyone?
          </h3>
          <p className="text-sm">This removes, and cannot be undone:</p>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            <li>
              its {count(chapterCount, "chapter", "chapters")} and{" "}
              {count(commentCount, "comment", "comments")}
            </li>
            <li>every member’s private notes and reading progress on it</li>
            <li>its assignments, and its chapters from the sessions that cover them</li>
          </ul>
          <p className="text-sm text-muted">The sessions themselves stay on the calendar.</p>
          {error ? <Alert>{error}</Alert> : null}
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white transition-colors hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50"
              onClick={() => void remove()}
              disabled={busy}
            >
              {busy ? "Deleting…" : "Delete text"}
            </button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => setConfirming(false)}
              disabled={busy}
            >
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-muted">
            Removes the text with its chapters, comments and notes from the library.
          </p>
          <Button
            id="delete-text-ask"
            type="button"
            variant="danger"
            onClick={() => setConfirming(true)}
          >
            Delete text
          </Button>
        </div>
      )}
    </Card>
  );
}
