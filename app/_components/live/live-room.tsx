"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useFirstVisibleParagraph } from "@/app/_components/collab/use-first-visible-paragraph";
import { useMediaQuery } from "@/app/_components/collab/use-media-query";
import { usePublishPresence } from "@/app/_components/collab/use-publish-presence";
import { MarginMarks, SpotlightAgenda } from "@/app/_components/live/agenda-panel";
import { describeSpotlight } from "@/app/_components/live/describe-spotlight";
import { HeldCommentsPanel } from "@/app/_components/live/held-comments-panel";
import { HostControls } from "@/app/_components/live/host-controls";
import { PresenceList } from "@/app/_components/live/presence-list";
import { RoomTabs, type TRoomTab } from "@/app/_components/live/room-tabs";
import { RoomTopBar } from "@/app/_components/live/room-top-bar";
import { SelectionActions } from "@/app/_components/live/selection-actions";
import { SharedNotes } from "@/app/_components/live/shared-notes";
import { SpeakingQueue } from "@/app/_components/live/speaking-queue";
import { useLiveCommands } from "@/app/_components/live/use-live-commands";
import { useLiveSnapshot } from "@/app/_components/live/use-live-snapshot";
import { useNow } from "@/app/_components/live/use-now";
import { useSpotlightFollowing } from "@/app/_components/live/use-spotlight-following";
import {
  useTextSelection,
  type TPlaceSelection,
} from "@/app/_components/margin/use-text-selection";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import type { TSpotlight } from "@/lib/sessions/live/document/session-document";
import { useCollabConnection, useCollabDoc } from "@/lib/collab-client/hooks";
import * as docNames from "@/lib/documents/names";

type Anchor = TThreadSnapshot["anchor"];

export type LiveRoomProps = {
  session: {
    id: string;
    groupId: string;
    title: string;
    startsAt: string;
    endsAt: string;
    cancelled: boolean;
  };
  chapters: { id: string; title: string; textTitle: string }[];
  chapterId: string;
  paragraphIds: string[];
  user: { id: string; name: string };
  members: { id: string; name: string }[];
  /** The scheduled host, moderators and owners; whoever the document names as host joins them. */
  controlsByRole: boolean;
  /** The server's time of the render (ms): the clock starts there, so hydration matches. */
  renderedAt: number;
  children: ReactNode;
};

/** The selection's buttons sit above it, kept inside the window. */
const placeAboveSelection: TPlaceSelection = (rect) => ({
  top: Math.max(8, rect.top - 44),
  left: Math.max(8, Math.min(rect.left, window.innerWidth - 260)),
});

/**
 * The live room around a chapter of the session: presence, spotlight (with following), speaking
 * queue, agenda (spotlight history and threads brought from the margins), held comments and the
 * shared notes. Host buttons only show for those who run the session; the server decides.
 */
export function LiveRoom({
  session,
  chapters,
  chapterId,
  paragraphIds,
  user,
  members,
  controlsByRole,
  renderedAt,
  children,
}: LiveRoomProps) {
  const router = useRouter();
  const connection = useCollabConnection(user.id);
  const sessionDoc = useCollabDoc(connection, docNames.sessionDoc(session.id));
  const notesDoc = useCollabDoc(connection, docNames.sessionNotesDoc(session.id));
  const chapterDoc = useCollabDoc(connection, docNames.chapterDoc(chapterId));
  // Presence is read further down (top bar, host controls, list), so that a crowd scrolling
  // re-renders those parts, not the whole room.
  const live = useLiveSnapshot(sessionDoc);
  const { now, browser } = useNow(15_000, renderedAt);
  // Tailwind's `xl`, where the side panel shows; a desktop is assumed until the page knows.
  const wide = useMediaQuery("(min-width: 1280px)", true);
  const [tab, setTab] = useState<TRoomTab>("room");
  const [panelOpen, setPanelOpen] = useState(false);
  // On phones the panel opens above the reader, which may be scrolled far down: bring it into
  // view (below the sticky top bar) and move focus into it.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (wide || !panelOpen || !panel.current) return;
    panel.current.scrollIntoView({ block: "start" });
    panel.current.focus({ preventScroll: true });
  }, [panelOpen, wide]);
  const { selection } = useTextSelection(chapterId, placeAboveSelection);
  const [heldDraft, setHeldDraft] = useState<Anchor | null>(null);
  const { send, spotlightAnchor, spotlightQuote, error, setError } = useLiveCommands(
    connection,
    session.id,
  );

  const started = now >= Date.parse(session.startsAt);
  const controls = controlsByRole || live.host === user.id;
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const nameOf = useCallback((id: string) => names.get(id) ?? "A member", [names]);
  const chapterTitles = useMemo(() => new Map(chapters.map((c) => [c.id, c.title])), [chapters]);
  const paragraphNumbers = useMemo(
    () => new Map(paragraphIds.map((id, index) => [id, index + 1])),
    [paragraphIds],
  );
  const chapterUrl = useCallback(
    (id: string) => `/groups/${session.groupId}/sessions/${session.id}/live?chapter=${id}`,
    [session.groupId, session.id],
  );

  const spotlight = live.spotlight;
  const { following, follow } = useSpotlightFollowing({
    spotlight,
    chapterId,
    chapterTitles,
    chapterUrl,
  });
  // Who I am, where I am reading and whether I follow the host, for the room's presence list.
  const paragraphId = useFirstVisibleParagraph(600);
  usePublishPresence(sessionDoc, user, { chapterId, paragraphId, following });

  const jump = (spot: TSpotlight) => {
    if (spot.chapterId !== chapterId) {
      follow(false);
      router.push(chapterUrl(spot.chapterId));
      return;
    }
    document.getElementById(`p-${spot.paragraphId}`)?.scrollIntoView({ block: "center" });
  };

  const raised = useMemo(() => live.queue.map((hand) => hand.userId), [live.queue]);
  const hostLabel = live.host ? (live.host === user.id ? "you" : nameOf(live.host)) : null;

  return (
    <div className="live-room" data-following={following ? "true" : "false"}>
      <RoomTopBar
        session={session}
        now={now}
        browser={browser}
        sessionDoc={sessionDoc}
        hostLabel={hostLabel}
        following={following}
        onFollow={follow}
        wide={wide}
        panelOpen={panelOpen}
        onTogglePanel={() => setPanelOpen((open) => !open)}
        raisedHands={live.queue.length}
        chapters={chapters}
        chapterId={chapterId}
        chapterUrl={chapterUrl}
        spotlight={spotlight}
        error={error}
      />
      {selection ? (
        <SelectionActions
          selection={selection}
          canSpotlight={controls}
          canHold={!started}
          onSpotlight={spotlightAnchor}
          onHold={(anchor) => {
            setHeldDraft(anchor);
            setTab("room");
            setPanelOpen(true);
          }}
        />
      ) : null}
      <div className="grid gap-x-8 xl:grid-cols-[19rem_minmax(0,1fr)]">
        {wide || panelOpen ? (
          <aside
            ref={panel}
            tabIndex={-1}
            aria-label="Live room"
            // On phones the reader's fixed "Comments" bar sits over the bottom of the page: leave room.
            className="mb-6 min-w-0 scroll-mt-32 pb-16 focus:outline-none xl:sticky xl:top-24 xl:max-h-[calc(100vh-7rem)] xl:overflow-y-auto xl:pb-0 xl:pr-2"
          >
            <RoomTabs
              tab={tab}
              onTab={setTab}
              room={
                <>
                  {!started ? (
                    <p className="text-xs text-muted">
                      The room opens for everyone at the start. Until then, bring threads to the
                      agenda, vote, and hold comments that the others see only when the session
                      starts.
                    </p>
                  ) : null}
                  {controls ? (
                    <HostControls
                      chapterId={chapterId}
                      sessionDoc={sessionDoc}
                      hasSpotlight={spotlight !== null}
                      hostId={live.host}
                      members={members}
                      send={send}
                      spotlightAnchor={spotlightAnchor}
                    />
                  ) : null}
                  <HeldCommentsPanel
                    sessionId={session.id}
                    draft={heldDraft}
                    clearDraft={() => setHeldDraft(null)}
                    started={started}
                  />
                  <SpeakingQueue
                    live={live}
                    selfId={user.id}
                    controls={controls}
                    nameOf={nameOf}
                    send={send}
                  />
                  <PresenceList
                    doc={sessionDoc}
                    selfId={user.id}
                    hostId={live.host}
                    floorId={live.floor}
                    raised={raised}
                    chapterTitles={chapterTitles}
                    paragraphNumbers={paragraphNumbers}
                  />
                </>
              }
              agenda={
                <>
                  <SpotlightAgenda
                    agenda={live.agenda}
                    describe={(spot) =>
                      describeSpotlight(spot, { chapterId, chapterTitles, paragraphNumbers })
                    }
                    jump={jump}
                  />
                  <MarginMarks
                    connection={connection}
                    sessionId={session.id}
                    chapterId={chapterId}
                    chapterDoc={chapterDoc}
                    controls={controls}
                    spotlight={spotlightQuote}
                    onError={setError}
                  />
                </>
              }
              notes={
                <>
                  <h3 className="mb-2 text-sm font-semibold">Shared notes</h3>
                  <SharedNotes doc={notesDoc} user={user} />
                  <p className="mt-1 text-xs text-muted">
                    Everyone in the room writes here at once (Markdown). Kept in the session
                    archive.
                  </p>
                </>
              }
            />
          </aside>
        ) : null}
        <div className="min-w-0">{children}</div>
      </div>
    </div>
  );
}
