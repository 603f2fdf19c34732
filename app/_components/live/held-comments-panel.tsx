"use client";

import { useCallback, useEffect, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { commentPlainText } from "@/lib/annotations/markdown/comment-plain-text";
import type { THeldCommentView } from "@/lib/sessions/live/held-comment-view";

type Anchor = TThreadSnapshot["anchor"];

/**
 * The author's comments held until the session (nobody else sees them before it starts), and
 * the form to hold one more for a selected passage.
 */
export function HeldCommentsPanel({
  sessionId,
  draft,
  clearDraft,
  started,
}: {
  sessionId: string;
  draft: Anchor | null;
  clearDraft: () => void;
  started: boolean;
}) {
  const [held, setHeld] = useState<THeldCommentView[]>([]);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const result = await callApi<{ heldComments: THeldCommentView[] }>(
      `/api/sessions/${sessionId}/held-comments`,
    );
    if (result.ok) setHeld(result.data.heldComments);
  }, [sessionId]);
  useEffect(() => {
    void refresh();
  }, [refresh, started]);

  const submit = async () => {
    if (!draft) return;
    const result = await callApi(`/api/sessions/${sessionId}/held-comments`, {
      json: { chapterId: draft.chapterId, anchor: draft, body },
    });
    if (!result.ok) return setError(result.message);
    setBody("");
    setError(null);
    clearDraft();
    await refresh();
  };
  const withdraw = async (id: string) => {
    const result = await callApi(`/api/sessions/${sessionId}/held-comments/${id}`, {
      method: "DELETE",
    });
    if (!result.ok) setError(result.message);
    await refresh();
  };

  if (held.length === 0 && !draft) return null;
  return (
    <section aria-label="Your held comments" className="space-y-2">
      <h3 className="text-sm font-semibold">Your comments for the session</h3>
      {draft ? (
        <form
          className="space-y-2 rounded-md border border-accent p-2"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <p className="line-clamp-3 text-xs italic text-muted">“{draft.exact}”</p>
          <label className="block text-xs font-medium" htmlFor="held-body">
            Comment, shown to the others when the session starts
          </label>
          <textarea
            id="held-body"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            rows={3}
            className="w-full rounded-md border border-line bg-paper p-2 text-sm"
          />
          {error ? (
            <p role="alert" className="text-xs text-red-700">
              {error}
            </p>
          ) : null}
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={!body.trim()}
              className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-paper disabled:opacity-50"
            >
              Hold until the session
            </button>
            <button type="button" onClick={clearDraft} className="text-sm text-muted">
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ul className="space-y-2" data-testid="held-comments">
        {held.map((item) => (
          <li key={item.id} className="rounded-md border border-line p-2 text-sm">
            <span
              className={`mb-1 inline-block rounded-full px-2 text-xs font-medium ${item.status === "held" ? "bg-amber-100 text-amber-900" : item.status === "revealed" ? "bg-green-100 text-green-900" : "bg-red-100 text-red-900"}`}
            >
              {item.status === "held"
                ? "Held until the session"
                : item.status === "revealed"
                  ? "Posted at the start"
                  : "Could not be posted"}
            </span>
            <p className="line-clamp-2 text-xs italic text-muted">“{item.anchor.exact}”</p>
            {/* A summary line: the Markdown read as text, mentions as names. */}
            <p className="line-clamp-3">{commentPlainText(item.body)}</p>
            {item.status === "held" ? (
              <button
                type="button"
                onClick={() => void withdraw(item.id)}
                className="mt-1 text-xs text-muted hover:text-ink"
              >
                Withdraw
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
