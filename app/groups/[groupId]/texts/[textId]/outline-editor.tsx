"use client";

import { MessageSquare } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";
import { Alert, Button } from "@/app/_components/ui";
import type { TReaderChapter } from "@/lib/texts/get-chapter";
import type { TTextChapter } from "@/lib/texts/get-text";
import { COMMENTS, WORDS, formatCount } from "@/lib/format/count";
import { chapterListNumber } from "@/lib/texts/chapter-number";

type Busy = { chapterId: string; action: string } | null;

function SplitPicker({
  chapter,
  onSplit,
  onCancel,
  busy,
}: {
  chapter: TTextChapter;
  onSplit: (paragraphId: string, title: string) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const [paragraphs, setParagraphs] = useState<TReaderChapter["paragraphs"] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (paragraphs === null && error === null) {
    void callApi<{ chapter: TReaderChapter }>(`/api/chapters/${chapter.id}`).then((result) => {
      if (result.ok) setParagraphs(result.data.chapter.paragraphs);
      else setError(result.message);
    });
  }
  return (
    <div className="mt-2 space-y-3 rounded-lg border border-line p-3">
      <p className="text-sm">
        Choose the paragraph the new chapter starts with. Comments stay on their paragraphs.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {paragraphs === null ? <p className="text-sm text-muted">Loading paragraphs…</p> : null}
      <ol className="max-h-80 space-y-1 overflow-y-auto">
        {paragraphs?.slice(1).map((paragraph) => (
          <li key={paragraph.id}>
            <button
              type="button"
              onClick={() => {
                setChosen(paragraph.id);
                if (paragraph.kind === "heading" && !title) setTitle(paragraph.text.slice(0, 200));
              }}
              aria-pressed={chosen === paragraph.id}
              className={`w-full rounded px-2 py-1 text-left font-serif text-sm ${
                chosen === paragraph.id
                  ? "bg-accent-soft ring-1 ring-accent"
                  : "hover:bg-accent-soft"
              }`}
            >
              <span className="text-xs text-muted tabular-nums">¶{paragraph.index + 1} </span>
              <span className="line-clamp-2">{paragraph.text}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-end gap-2">
        <label className="min-w-48 flex-1 text-sm">
          <span className="mb-1 block font-medium">Title of the new chapter</span>
          <input
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            className="block w-full rounded-md border border-line bg-white px-3 py-1.5 text-ink dark:bg-black/20"
          />
        </label>
        <Button
          type="button"
          disabled={busy || !chosen || title.trim() === ""}
          onClick={() => chosen && onSplit(chosen, title)}
        >
          Split here
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** The table of contents; moderators rename, split and merge chapters in place. */
export function OutlineEditor({
  chapters,
  canEdit,
  commentCounts = {},
}: {
  chapters: TTextChapter[];
  canEdit: boolean;
  /** chapterId → open threads and messages, for the margin counts beside each title. */
  commentCounts?: Record<string, { threads: number; messages: number }>;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<Busy>(null);
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [splitting, setSplitting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The last merge, undone by splitting again where the second chapter began, with its title. */
  const [lastMerge, setLastMerge] = useState<{
    chapterId: string;
    firstParagraphId: string;
    firstTitle: string;
    secondTitle: string;
    renamed: boolean;
  } | null>(null);
  const { prompt, dialogs } = useDialogs();

  const act = async (chapterId: string, action: string, path: string, json: unknown) => {
    setBusy({ chapterId, action });
    setError(null);
    const result = await callApi<unknown>(path, {
      method: action === "rename" ? "PATCH" : "POST",
      json,
    });
    setBusy(null);
    if (!result.ok) {
      setError(result.message);
      return null;
    }
    setRenaming(null);
    setSplitting(null);
    setLastMerge(null);
    router.refresh();
    return result.data;
  };

  const mergeWithNext = async (chapter: TTextChapter, next: TTextChapter) => {
    const title = await prompt({
      title: `Merge “${next.title}” into “${chapter.title}”?`,
      description: `The paragraphs, comments, sessions and reading progress of “${next.title}” join “${chapter.title}”. Choose the merged chapter's title: keep the first, use the second, or write one. You can undo right after.`,
      label: "Title of the merged chapter",
      defaultValue: chapter.title,
      confirmLabel: "Merge",
    });
    if (title === null) return;
    const merged = (await act(chapter.id, "merge", `/api/chapters/${chapter.id}/merge`, {
      with: "next",
    })) as { movedParagraphIds?: string[] } | null;
    const firstParagraphId = merged?.movedParagraphIds?.[0];
    if (!merged) return;
    const renamed = title.trim() !== "" && title.trim() !== chapter.title;
    if (renamed)
      await act(chapter.id, "rename", `/api/chapters/${chapter.id}`, { title: title.trim() });
    if (firstParagraphId)
      setLastMerge({
        chapterId: chapter.id,
        firstParagraphId,
        firstTitle: chapter.title,
        secondTitle: next.title,
        renamed,
      });
  };

  const undoMerge = async () => {
    if (!lastMerge) return;
    const { chapterId, firstParagraphId, firstTitle, secondTitle, renamed } = lastMerge;
    const split = await act(chapterId, "split", `/api/chapters/${chapterId}/split`, {
      paragraphId: firstParagraphId,
      title: secondTitle,
    });
    if (split && renamed)
      await act(chapterId, "rename", `/api/chapters/${chapterId}`, { title: firstTitle });
  };

  const small =
    "rounded px-2 py-0.5 text-xs text-muted hover:bg-accent-soft hover:text-ink disabled:opacity-40";
  return (
    <div>
      {dialogs}
      {lastMerge ? (
        <div
          role="status"
          className="mb-3 flex flex-wrap items-center gap-3 rounded-lg border border-line bg-accent-soft px-3 py-2 text-sm"
        >
          <span>Merged “{lastMerge.secondTitle}” into the chapter before it.</span>
          <Button
            type="button"
            variant="secondary"
            disabled={busy !== null}
            onClick={() => void undoMerge()}
          >
            Undo (split it back)
          </Button>
        </div>
      ) : null}
      {error ? (
        <div className="mb-3">
          <Alert>{error}</Alert>
        </div>
      ) : null}
      <ol className="divide-y divide-line">
        {chapters.map((chapter, position) => (
          <li key={chapter.id} className="py-2.5">
            {renaming?.id === chapter.id ? (
              <form
                className="flex flex-wrap gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  void act(chapter.id, "rename", `/api/chapters/${chapter.id}`, {
                    title: renaming.title,
                  });
                }}
              >
                <label className="sr-only" htmlFor={`rename-${chapter.id}`}>
                  Chapter title
                </label>
                <input
                  id={`rename-${chapter.id}`}
                  value={renaming.title}
                  autoFocus
                  onChange={(event) => setRenaming({ id: chapter.id, title: event.target.value })}
                  className="min-w-0 flex-1 rounded-md border border-line bg-white px-2 py-1 text-ink dark:bg-black/20"
                />
                <Button type="submit" disabled={busy !== null}>
                  Save
                </Button>
                <Button type="button" variant="secondary" onClick={() => setRenaming(null)}>
                  Cancel
                </Button>
              </form>
            ) : (
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="w-8 shrink-0 text-right text-sm text-muted tabular-nums">
                  {chapterListNumber(chapter.title, position)}
                </span>
                <Link
                  href={chapter.url}
                  className="min-w-0 flex-1 font-serif text-lg leading-snug hover:underline"
                >
                  {chapter.title}
                </Link>
                {commentCounts[chapter.id]?.messages ? (
                  <span
                    className="flex items-center gap-1 text-sm text-muted tabular-nums"
                    aria-label={formatCount(commentCounts[chapter.id]?.messages ?? 0, COMMENTS)}
                    title={`${commentCounts[chapter.id]?.threads} threads`}
                  >
                    <MessageSquare aria-hidden className="h-3.5 w-3.5" />
                    {commentCounts[chapter.id]?.messages}
                  </span>
                ) : null}
                <span className="text-sm text-muted tabular-nums">
                  {formatCount(chapter.wordCount, WORDS)}
                </span>
                {canEdit ? (
                  <span className="flex w-full justify-end gap-1 sm:w-auto">
                    <button
                      type="button"
                      className={small}
                      disabled={busy !== null}
                      onClick={() => setRenaming({ id: chapter.id, title: chapter.title })}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className={small}
                      disabled={busy !== null || chapter.paragraphCount < 2}
                      onClick={() => setSplitting(splitting === chapter.id ? null : chapter.id)}
                    >
                      Split…
                    </button>
                    <button
                      type="button"
                      className={small}
                      disabled={busy !== null || position === chapters.length - 1}
                      title="Merge with the next chapter"
                      onClick={() => {
                        const next = chapters[position + 1];
                        if (next) void mergeWithNext(chapter, next);
                      }}
                    >
                      {busy?.chapterId === chapter.id && busy.action === "merge"
                        ? "Merging…"
                        : "Merge with next"}
                    </button>
                  </span>
                ) : null}
              </div>
            )}
            {splitting === chapter.id ? (
              <SplitPicker
                chapter={chapter}
                busy={busy !== null}
                onCancel={() => setSplitting(null)}
                onSplit={(paragraphId, title) =>
                  void act(chapter.id, "split", `/api/chapters/${chapter.id}/split`, {
                    paragraphId,
                    title,
                  })
                }
              />
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
