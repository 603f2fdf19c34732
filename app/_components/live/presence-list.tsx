"use client";

import { Hand, Mic, type LucideIcon } from "lucide-react";
import { memo, useId, useMemo, useState } from "react";
import { Avatar } from "@/app/_components/avatar";
import type { TPresent } from "@/app/_components/live/presence";
import { usePresent } from "@/app/_components/live/use-present";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

/** Enough to see who runs the room and who wants to speak without scrolling the side panel. */
const COLLAPSED = 12;
const FILTER_ABOVE = 20;

type TBadge = "host" | "floor" | "hand" | null;

const BADGES: Record<Exclude<TBadge, null>, { label: string; Icon: LucideIcon | null }> = {
  host: { label: "host", Icon: null },
  floor: { label: "speaking", Icon: Mic },
  hand: { label: "hand up", Icon: Hand },
};

// Primitive props only, so a row stays put when someone else in the room scrolls.
const PresentRow = memo(function PresentRow({
  id,
  name,
  where,
  following,
  isSelf,
  badge,
}: {
  id: string;
  name: string;
  where: string;
  following: boolean;
  isSelf: boolean;
  badge: TBadge;
}) {
  return (
    <li className="live-present flex items-center gap-2 py-1" data-user-id={id}>
      <Avatar id={id} name={name} size={24} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-1 text-sm">
          <span className="min-w-0 truncate">
            {name}
            {isSelf ? " (you)" : ""}
          </span>
          {badge ? (
            <span className="flex shrink-0 items-center gap-0.5 whitespace-nowrap text-xs font-semibold text-accent">
              {badgeIcon(badge)}
              {BADGES[badge].label}
            </span>
          ) : null}
        </span>
        <span className="block truncate text-xs text-muted">
          {where}
          {following ? "" : " · not following"}
        </span>
      </span>
    </li>
  );
});

/**
 * Who is in the room and which passage each is looking at. The host and those who have or want
 * the floor come first, everyone else by name; beyond a dozen the list is collapsed, and in a big
 * room a filter finds someone by name.
 */
export const PresenceList = memo(function PresenceList({
  doc,
  selfId,
  hostId,
  floorId,
  raised,
  chapterTitles,
  paragraphNumbers,
}: {
  doc: CollabDoc | null;
  selfId: string;
  hostId: string | null;
  floorId: string | null;
  /** User ids with a raised hand, in queue order. */
  raised: string[];
  chapterTitles: Map<string, string>;
  paragraphNumbers: Map<string, number>;
}) {
  const present = usePresent(doc);
  const [filter, setFilter] = useState("");
  const [expanded, setExpanded] = useState(false);
  const listId = useId();

  const ordered = useMemo(() => {
    const rank = (person: TPresent) => {
      if (person.id === hostId) return 0;
      if (person.id === floorId) return 1;
      const hand = raised.indexOf(person.id);
      return hand >= 0 ? 2 + hand : Number.MAX_SAFE_INTEGER;
    };
    // byPerson sorts by name and the sort is stable, so the rest stay in name order.
    return present
      .map((person) => ({ person, rank: rank(person) }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ person }) => person);
  }, [present, hostId, floorId, raised]);

  const needle = present.length > FILTER_ABOVE ? filter.trim().toLowerCase() : "";
  const matches = useMemo(
    () => (needle ? ordered.filter((p) => p.name.toLowerCase().includes(needle)) : ordered),
    [ordered, needle],
  );
  // A search shows every match: it is already the narrowing.
  const shown = needle || expanded ? matches : matches.slice(0, COLLAPSED);

  const describe = (person: TPresent) => {
    if (!person.chapterId) return "joining…";
    const title = chapterTitles.get(person.chapterId) ?? "another chapter";
    const number = person.paragraphId ? paragraphNumbers.get(person.paragraphId) : undefined;
    return number !== undefined ? `${title} · ¶ ${number}` : title;
  };
  const badgeOf = (person: TPresent): TBadge =>
    person.id === hostId
      ? "host"
      : person.id === floorId
        ? "floor"
        : raised.includes(person.id)
          ? "hand"
          : null;
  const scrolls = shown.length > COLLAPSED;

  return (
    <section aria-label="People in the room">
      <h3 className="mb-2 text-sm font-semibold" data-testid="present-count">
        In the room ({present.length})
      </h3>
      {present.length > FILTER_ABOVE ? (
        <input
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder="Find someone"
          aria-label="Find someone in the room"
          className="mb-2 w-full rounded-md border border-line bg-paper px-2 py-1 text-sm"
        />
      ) : null}
      {needle ? (
        <p className="mb-1 text-xs text-muted" role="status">
          {matches.length === 0
            ? "No one here matches."
            : `${matches.length} of ${present.length} match`}
        </p>
      ) : null}
      <ul
        id={listId}
        aria-live="off"
        // A long list scrolls inside the panel; focusable so the keyboard can scroll it too.
        tabIndex={scrolls ? 0 : undefined}
        aria-label={scrolls ? "Everyone in the room" : undefined}
        className={`divide-y divide-line ${scrolls ? "max-h-96 overflow-y-auto border-y border-line pr-1" : ""}`}
      >
        {shown.map((person) => (
          <PresentRow
            key={person.id}
            id={person.id}
            name={person.name}
            where={describe(person)}
            following={person.following}
            isSelf={person.id === selfId}
            badge={badgeOf(person)}
          />
        ))}
      </ul>
      {!needle && ordered.length > COLLAPSED ? (
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((open) => !open)}
          className="mt-2 w-full rounded-md border border-line py-1 text-xs font-medium hover:bg-accent-soft"
        >
          {expanded ? "Show fewer" : `Show all ${present.length}`}
        </button>
      ) : null}
    </section>
  );
});

function badgeIcon(badge: Exclude<TBadge, null>) {
  const { Icon } = BADGES[badge];
  return Icon ? <Icon aria-hidden className="h-3.5 w-3.5" /> : null;
}
