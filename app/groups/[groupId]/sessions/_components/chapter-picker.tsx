"use client";

import { useState } from "react";

export type PickerText = {
  id: string;
  title: string;
  chapters: { id: string; title: string; wordCount: number }[];
};

/** Chapters from any of the group's texts: choose a text, tick its chapters; picks are kept. */
export function ChapterPicker({
  texts,
  selected,
  onChange,
}: {
  texts: PickerText[];
  selected: string[];
  onChange: (chapterIds: string[]) => void;
}) {
  const firstWithPick = texts.find((text) =>
    text.chapters.some((chapter) => selected.includes(chapter.id)),
  );
  const [textId, setTextId] = useState(firstWithPick?.id ?? texts[0]?.id ?? "");
  const text = texts.find((entry) => entry.id === textId);
  const titleOf = new Map(
    texts.flatMap((entry) => entry.chapters.map((chapter) => [chapter.id, chapter.title] as const)),
  );
  const toggle = (id: string) =>
    onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);

  if (texts.length === 0)
    return <p className="text-sm text-muted">The library has no texts yet.</p>;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Chapters to read</legend>
      <select
        aria-label="Text"
        value={textId}
        onChange={(event) => setTextId(event.currentTarget.value)}
        className="block w-full min-w-0 max-w-full truncate rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
      >
        {texts.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.title}
          </option>
        ))}
      </select>
      <ul className="max-h-56 overflow-y-auto rounded-md border border-line p-2 text-sm">
        {text?.chapters.map((chapter) => (
          <li key={chapter.id}>
            <label className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={selected.includes(chapter.id)}
                onChange={() => toggle(chapter.id)}
              />
              <span className="min-w-0 truncate">{chapter.title}</span>
            </label>
          </li>
        ))}
      </ul>
      {selected.length > 0 ? (
        <p className="text-sm text-muted">
          Chosen: {selected.map((id) => titleOf.get(id) ?? "?").join(", ")}
        </p>
      ) : null}
    </fieldset>
  );
}
