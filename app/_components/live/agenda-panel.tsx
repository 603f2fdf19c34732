"use client";

import { useMemo } from "react";
import { callApi } from "@/app/_components/api-client";
import { useSessionMarks } from "@/app/_components/collab/use-session-marks";
import { readThreads, type TThreadSnapshot } from "@/lib/annotations/comment-document";
import { commentPlainText } from "@/lib/annotations/markdown/comment-plain-text";
import type { TSpotlight } from "@/lib/sessions/live/document/session-document";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";
import type { CollabConnection } from "@/lib/collab-client/connection";
import { useDocValue } from "@/lib/collab-client/hooks";
import { VOTES, formatCount } from "@/lib/format/count";

const EMPTY_THREADS: TThreadSnapshot[] = [];

/** Where a spotlight pointed, in words: the chapter and paragraph number, and the quote. */
export type TDescribe = (spot: { chapterId: string; paragraphId: string }) => string;

/** The spotlight history, newest last, with repeats of the same passage in a row folded. */
export function SpotlightAgenda({
  agenda,
  describe,
  jump,
}: {
  agenda: TSpotlight[];
  describe: TDescribe;
  jump: (spot: TSpotlight) => void;
}) {
  const items = agenda.filter(
    (spot, index) =>
      index === 0 ||
      agenda[index - 1]?.paragraphId !== spot.paragraphId ||
      agenda[index - 1]?.start !== spot.start,
  );
  return (
    <section aria-label="Agenda">
      <h3 className="mb-2 text-sm font-semibold">Agenda so far ({items.length})</h3>
      {items.length === 0 ? (
        <p className="text-xs text-muted">Passages the host puts in the spotlight appear here.</p>
      ) : (
        <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="agenda">
          {items.map((spot) => (
            <li key={`${spot.setAt}-${spot.paragraphId}`}>
              <button
                type="button"
                onClick={() => jump(spot)}
                className="text-left hover:underline"
              >
                {describe(spot)}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * Threads brought from the margins: everyone marks and votes; whoever runs the session sees
 * them in passage order and spotlights each in turn.
 */
export function MarginMarks({
  connection,
  sessionId,
  chapterId,
  chapterDoc,
  controls,
  spotlight,
  onError,
}: {
  connection: CollabConnection | null;
  sessionId: string;
  chapterId: string;
  chapterDoc: CollabDoc | null;
  controls: boolean;
  spotlight: (target: { chapterId: string; paragraphId: string; quote: string }) => void;
  onError: (message: string) => void;
}) {
  const { marks, refresh } = useSessionMarks(connection, sessionId);
  const threads = useDocValue(chapterDoc, (d) => readThreads(d.doc), EMPTY_THREADS);

  const act = async (path: string, method: string, json?: unknown) => {
    const result = await callApi(path, { method, json });
    if (!result.ok) onError(result.message);
    await refresh();
  };
  const marked = useMemo(() => new Set(marks.map((mark) => mark.threadId)), [marks]);
  const unmarked = threads.filter(
    (thread) =>
      !marked.has(thread.id) && !thread.resolved && !(thread.messages[0]?.deleted ?? true),
  );

  return (
    <section aria-label="Brought from the margins" className="space-y-3">
      <h3 className="text-sm font-semibold">Brought from the margins ({marks.length})</h3>
      {marks.length === 0 ? (
        <p className="text-xs text-muted">No threads brought yet.</p>
      ) : (
        <ol className="space-y-2" data-testid="marks">
          {marks.map((mark) => (
            <li key={mark.id} className="rounded-md border border-line p-2 text-sm">
              <p className="text-xs text-muted">
                {mark.chapterTitle}
                {mark.paragraphIndex !== null ? ` · ¶ ${mark.paragraphIndex + 1}` : ""} ·{" "}
                {mark.authorName}
              </p>
              {mark.quote ? <p className="line-clamp-2 italic">“{mark.quote}”</p> : null}
              {mark.excerpt ? <p className="line-clamp-3">{mark.excerpt}</p> : null}
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <button
                  type="button"
                  aria-pressed={mark.votedByMe}
                  onClick={() =>
                    void act(
                      `/api/sessions/${sessionId}/marks/${mark.id}/vote`,
                      mark.votedByMe ? "DELETE" : "PUT",
                    )
                  }
                  className={`rounded-full border px-2 text-xs ${mark.votedByMe ? "border-accent bg-accent-soft" : "border-line"}`}
                >
                  ▲ {formatCount(mark.votes, VOTES)}
                </button>
                {controls && mark.paragraphId ? (
                  <button
                    type="button"
                    onClick={() =>
                      mark.paragraphId &&
                      spotlight({
                        chapterId: mark.chapterId,
                        paragraphId: mark.paragraphId,
                        quote: mark.quote,
                      })
                    }
                    className="rounded border border-line px-2 text-xs hover:bg-accent-soft"
                  >
                    Spotlight
                  </button>
                ) : null}
                {controls ? (
                  <button
                    type="button"
                    onClick={() =>
                      void act(`/api/sessions/${sessionId}/marks/${mark.id}`, "DELETE")
                    }
                    className="text-xs text-muted hover:text-ink"
                  >
                    Take off
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      {unmarked.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-xs text-accent">
            Bring a thread from this chapter ({unmarked.length})
          </summary>
          <ul className="mt-2 max-h-60 space-y-1 overflow-y-auto">
            {unmarked.map((thread) => (
              <li key={thread.id} className="flex items-start gap-2 text-xs">
                <span className="line-clamp-2 min-w-0 flex-1">
                  “{thread.anchor.exact}” — {commentPlainText(thread.messages[0]?.body ?? "")}
                </span>
                <button
                  type="button"
                  onClick={() =>
                    void act(`/api/sessions/${sessionId}/marks`, "POST", { threadId: thread.id })
                  }
                  className="shrink-0 rounded border border-line px-2 hover:bg-accent-soft"
                  data-chapter={chapterId}
                >
                  Bring to the session
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
