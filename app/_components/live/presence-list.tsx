"use client";

import { memo, useMemo, useState } from "react";
import { Avatar } from "@/app/_components/avatar";
import type { TPresent } from "@/app/_components/live/presence";

const SHOWN = 60;

const PresentRow = memo(function PresentRow({
  person,
  where,
  isHost,
  isSelf,
}: {
  person: TPresent;
  where: string;
  isHost: boolean;
  isSelf: boolean;
}) {
  return (
    <li className="live-present flex items-center gap-2 py-1" data-user-id={person.id}>
      <Avatar id={person.id} name={person.name} size={24} />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm">
          {person.name}
          {isSelf ? " (you)" : ""}
          {isHost ? <span className="ml-1 text-xs font-semibold text-accent">host</span> : null}
        </span>
        <span className="block truncate text-xs text-muted">
          {where}
          {person.following ? "" : " · not following"}
        </span>
      </span>
    </li>
  );
});

/**
 * Who is in the room and which passage each is looking at. Rows are memoised and only the first
 * 60 (after the filter) are rendered, so a room of hundreds stays cheap to update.
 */
export function PresenceList({
  present,
  selfId,
  hostId,
  chapterTitles,
  paragraphNumbers,
}: {
  present: TPresent[];
  selfId: string;
  hostId: string | null;
  chapterTitles: Map<string, string>;
  paragraphNumbers: Map<string, number>;
}) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? present.filter((p) => p.name.toLowerCase().includes(needle)) : present;
  }, [present, filter]);
  const describe = (person: TPresent) => {
    if (!person.chapterId) return "joining…";
    const title = chapterTitles.get(person.chapterId) ?? "another chapter";
    const number = person.paragraphId ? paragraphNumbers.get(person.paragraphId) : undefined;
    return number !== undefined ? `${title} · ¶ ${number}` : title;
  };
  return (
    <section aria-label="People in the room">
      <h3 className="mb-2 text-sm font-semibold" data-testid="present-count">
        In the room ({present.length})
      </h3>
      {present.length > 12 ? (
        <input
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder="Find someone"
          aria-label="Find someone in the room"
          className="mb-2 w-full rounded-md border border-line bg-paper px-2 py-1 text-sm"
        />
      ) : null}
      <ul className="max-h-72 divide-y divide-line overflow-y-auto pr-1" aria-live="off">
        {shown.slice(0, SHOWN).map((person) => (
          <PresentRow
            key={person.id}
            person={person}
            where={describe(person)}
            isHost={person.id === hostId}
            isSelf={person.id === selfId}
          />
        ))}
      </ul>
      {shown.length > SHOWN ? (
        <p className="mt-1 text-xs text-muted">and {shown.length - SHOWN} more</p>
      ) : null}
    </section>
  );
}
