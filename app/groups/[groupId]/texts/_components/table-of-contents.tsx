"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { chapterPath } from "@/lib/texts/reader-urls";

/** A chapter as the contents list needs it: `[id, title]`, the shortest form in the flight data. */
export type TContentsEntry = readonly [id: string, title: string];

/**
 * The text's table of contents, rendered once: a sticky sidebar on wide screens, a list that
 * opens from a "Contents" button above the text on phones and tablets (CSS picks the look, so the
 * server renders and serialises ~70 links once, not twice). A client component with the chapters
 * as `[id, title]` pairs: the page's flight data carries those, not an element tree per link.
 */
export function TableOfContents({
  groupId,
  textId,
  textTitle,
  chapters,
  currentId,
}: {
  groupId: string;
  textId: string;
  textTitle: string;
  chapters: readonly TContentsEntry[];
  currentId: string;
}) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const position = chapters.findIndex(([id]) => id === currentId) + 1;
  return (
    <nav
      aria-label="Table of contents"
      className="mb-6 rounded-lg border border-line xl:sticky xl:top-4 xl:mb-0 xl:max-h-[calc(100vh-2rem)] xl:overflow-y-auto xl:rounded-none xl:border-0 xl:pr-2"
    >
      <Link
        href={`/groups/${groupId}/texts/${textId}`}
        className="mb-2 hidden px-2 font-serif font-semibold hover:underline xl:block"
      >
        {textTitle}
      </Link>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-1 px-3 py-2 text-left text-sm font-medium xl:hidden"
      >
        <span
          aria-hidden
          className={`inline-block transition-transform ${open ? "rotate-90" : ""}`}
        >
          ▸
        </span>
        Contents{" "}
        <span className="font-normal text-muted">
          · chapter {position} of {chapters.length}
        </span>
      </button>
      <ol
        id={listId}
        className={`max-h-[60vh] space-y-0.5 overflow-y-auto px-1 pb-2 text-sm xl:block xl:max-h-none xl:overflow-visible xl:p-0 ${open ? "" : "hidden"}`}
      >
        {chapters.map(([id, title]) => (
          <li key={id}>
            <Link
              href={chapterPath(groupId, textId, id)}
              aria-current={id === currentId ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`block rounded px-2 py-1 leading-snug ${
                id === currentId
                  ? "bg-accent-soft font-medium text-ink"
                  : "text-muted hover:bg-accent-soft hover:text-ink"
              }`}
            >
              {title}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
