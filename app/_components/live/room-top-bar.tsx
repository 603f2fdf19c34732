"use client";

import { Hand } from "lucide-react";
import Link from "next/link";
import type { LiveRoomProps } from "@/app/_components/live/live-room";
import { statusLine } from "@/app/_components/live/status-line";
import { usePresentCount } from "@/app/_components/live/use-present";
import type { TSpotlight } from "@/lib/sessions/live/document/session-document";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

/**
 * Stays at the top while reading. On narrow screens it is also the way to the room panel, which
 * then sits above the text.
 */
export function RoomTopBar({
  session,
  now,
  browser,
  sessionDoc,
  hostLabel,
  following,
  onFollow,
  wide,
  panelOpen,
  onTogglePanel,
  raisedHands,
  chapters,
  chapterId,
  chapterUrl,
  spotlight,
  error,
}: {
  session: LiveRoomProps["session"];
  now: number;
  /** False until the page runs in the browser (see useNow). */
  browser: boolean;
  sessionDoc: CollabDoc | null;
  hostLabel: string | null;
  following: boolean;
  onFollow: (on: boolean) => void;
  wide: boolean;
  panelOpen: boolean;
  onTogglePanel: () => void;
  raisedHands: number;
  chapters: { id: string; title: string }[];
  chapterId: string;
  chapterUrl: (id: string) => string;
  spotlight: TSpotlight | null;
  error: string | null;
}) {
  const presentCount = usePresentCount(sessionDoc);
  const startsAt = Date.parse(session.startsAt);
  const endsAt = Date.parse(session.endsAt);
  const live = now >= startsAt && now < endsAt;
  return (
    <div className="sticky top-0 z-30 -mx-4 mb-4 border-b border-line bg-paper px-4 py-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Link
          href={`/groups/${session.groupId}/sessions/${session.id}`}
          className="min-w-0 max-w-full truncate font-serif text-lg font-semibold hover:underline"
        >
          {session.title}
        </Link>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${live ? "bg-green-100 text-green-900" : "bg-accent-soft"}`}
          data-testid="session-status"
        >
          {statusLine(now, startsAt, endsAt, session.cancelled, browser)}
        </span>
        <span className="text-xs text-muted">
          {presentCount} here
          {hostLabel ? ` · host ${hostLabel}` : ""}
        </span>
        <span className="ml-auto flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={() => onFollow(!following)}
            aria-pressed={following}
            className={`rounded-full px-3 py-1 text-sm font-medium ${following ? "bg-accent text-paper" : "border border-line"}`}
          >
            {following ? "Stop following" : "Follow the host"}
          </button>
          {!wide ? (
            <button
              type="button"
              aria-expanded={panelOpen}
              onClick={onTogglePanel}
              className="flex items-center gap-1 rounded-full border border-line px-3 py-1 text-sm"
            >
              {panelOpen ? (
                "Hide room"
              ) : (
                <>
                  Room · {raisedHands}
                  <Hand
                    role="img"
                    aria-label={raisedHands === 1 ? "hand raised" : "hands raised"}
                    className="h-4 w-4"
                  />
                </>
              )}
            </button>
          ) : null}
        </span>
      </div>
      {chapters.length > 1 ? (
        <nav aria-label="Session chapters" className="mt-2 flex gap-1 overflow-x-auto">
          {chapters.map((chapter) => (
            <Link
              key={chapter.id}
              href={chapterUrl(chapter.id)}
              onClick={() => {
                // Choosing another chapter than the spotlit one is choosing not to follow.
                if (spotlight && spotlight.chapterId !== chapter.id) onFollow(false);
              }}
              aria-current={chapter.id === chapterId ? "page" : undefined}
              className={`whitespace-nowrap rounded-md px-2 py-1 text-xs ${chapter.id === chapterId ? "bg-accent-soft font-semibold" : "text-muted hover:bg-accent-soft"}`}
            >
              {chapter.title}
              {spotlight?.chapterId === chapter.id ? " ◉" : ""}
            </Link>
          ))}
        </nav>
      ) : null}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
