"use client";

import { useMemo, useState } from "react";
import { Avatar } from "@/app/_components/avatar";
import { sessionDate } from "@/app/_components/margin/use-session-agenda";
import { renderCommentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import type { THeldCommentView } from "@/lib/sessions/live/held-comment-view";

/**
 * One of the reader's own comments held until the session: only its author ever gets it (the
 * server lists nobody else's), so nobody else sees this card. It can be withdrawn until then.
 */
export function HeldCommentCard({
  held,
  author,
  memberNames,
  withdraw,
}: {
  held: THeldCommentView;
  author: { id: string; name: string };
  memberNames: Map<string, string>;
  withdraw: (id: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const html = useMemo(
    () => renderCommentMarkdown(held.body, { mentionName: (id) => memberNames.get(id) }),
    [held.body, memberNames],
  );
  const failed = held.status === "failed";

  return (
    <article
      aria-label={`Comment held until the session by ${author.name}`}
      className="rounded-lg border border-dashed border-amber-400 bg-paper p-3 text-sm shadow-sm"
    >
      <header className="mb-1 space-y-1 text-xs">
        <p className="truncate italic text-muted">
          “
          {held.anchor.exact.length > 80 ? `${held.anchor.exact.slice(0, 80)}…` : held.anchor.exact}
          ”
        </p>
        <p
          className={`inline-block rounded px-1.5 py-0.5 ${failed ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900"}`}
        >
          {failed ? "Could not be posted" : `Held until ${sessionDate(held.revealAt)}`}
        </p>
      </header>
      <div className="flex items-center gap-2">
        <Avatar id={author.id} name={author.name} size={22} />
        <span className="font-medium">{author.name}</span>
      </div>
      <div
        className="comment-body mt-1 break-words"
        // renderCommentMarkdown: markdown-it without raw HTML, then an allow-list sanitiser.
        dangerouslySetInnerHTML={{ __html: html }}
      />
      <footer className="mt-2 flex items-center justify-between gap-2 border-t border-line pt-2 text-xs text-muted">
        <span>Only you see it until the session starts.</span>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void withdraw(held.id).finally(() => setBusy(false));
          }}
          className="shrink-0 rounded px-1 hover:text-red-700 disabled:opacity-50"
        >
          Withdraw
        </button>
      </footer>
    </article>
  );
}
