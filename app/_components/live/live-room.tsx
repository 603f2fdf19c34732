"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { avatarColor } from "@/app/_components/avatar";
import { MarginMarks, SpotlightAgenda, type TDescribe } from "@/app/_components/live/agenda-panel";
import { HeldCommentsPanel } from "@/app/_components/live/held-comments-panel";
import { firstVisibleParagraph, readPresent, type TPresent } from "@/app/_components/live/presence";
import { PresenceList } from "@/app/_components/live/presence-list";
import { SharedNotes } from "@/app/_components/live/shared-notes";
import { SpeakingQueue } from "@/app/_components/live/speaking-queue";
import { paintSpotlight } from "@/app/_components/live/spotlight-paint";
import {
  useTextSelection,
  type TPlaceSelection,
} from "@/app/_components/margin/use-text-selection";
import { paragraphText } from "@/lib/annotations/anchoring/selection-to-offsets";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { readLive, type TLiveSnapshot, type TSpotlight } from "@/lib/annotations/session-document";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";
import { useCollabConnection, useCollabDoc, useDocValue } from "@/lib/collab-client/hooks";

type Anchor = TThreadSnapshot["anchor"];
type Tab = "room" | "agenda" | "notes";

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
  children: ReactNode;
};

const EMPTY_LIVE: TLiveSnapshot = {
  host: null,
  spotlight: null,
  agenda: [],
  queue: [],
  floor: null,
  floorAt: null,
};
const EMPTY_PRESENT: TPresent[] = [];

/** Presence changes of hundreds of peers are folded into at most four renders a second. */
function usePresent(doc: CollabDoc | null): TPresent[] {
  const [present, setPresent] = useState<TPresent[]>(EMPTY_PRESENT);
  useEffect(() => {
    if (!doc) return;
    let timer: number | undefined;
    const schedule = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setPresent(readPresent(doc));
      }, 250);
    };
    setPresent(readPresent(doc));
    doc.awareness.on("change", schedule);
    return () => {
      doc.awareness.off("change", schedule);
      window.clearTimeout(timer);
    };
  }, [doc]);
  return present;
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

function useIsWide(): boolean {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const media = window.matchMedia("(min-width: 1280px)");
    const update = () => setWide(media.matches);
    update();
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, []);
  return wide;
}

/** The selection's buttons sit above it, kept inside the window. */
const placeAboveSelection: TPlaceSelection = (rect) => ({
  top: Math.max(8, rect.top - 44),
  left: Math.max(8, Math.min(rect.left, window.innerWidth - 260)),
});

function statusLine(now: number, startsAt: number, endsAt: number, cancelled: boolean): string {
  if (cancelled) return "Cancelled";
  if (now >= endsAt) return "Ended";
  if (now >= startsAt) return "Live now";
  const minutes = Math.round((startsAt - now) / 60_000);
  if (minutes < 60) return `Starts in ${Math.max(1, minutes)} min`;
  if (minutes < 48 * 60) return `Starts in ${Math.round(minutes / 60)} h`;
  return `Starts ${new Date(startsAt).toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" })}`;
}

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
  children,
}: LiveRoomProps) {
  const router = useRouter();
  const connection = useCollabConnection(user.id);
  const sessionDoc = useCollabDoc(connection, `session:${session.id}`);
  const notesDoc = useCollabDoc(connection, `session-notes:${session.id}`);
  const chapterDoc = useCollabDoc(connection, `chapter:${chapterId}`);
  const live = useDocValue(sessionDoc, (d) => readLive(d.doc), EMPTY_LIVE);
  const present = usePresent(sessionDoc);
  const now = useNow(15_000);
  const wide = useIsWide();
  const [following, setFollowing] = useState(true);
  const [tab, setTab] = useState<Tab>("room");
  const [panelOpen, setPanelOpen] = useState(false);
  // A selection in the text offers "Spotlight" (host) and "Hold for the session" (before it).
  const { selection } = useTextSelection(chapterId, placeAboveSelection);
  const [heldDraft, setHeldDraft] = useState<Anchor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scrolledFor = useRef<string | null>(null);

  const startsAt = Date.parse(session.startsAt);
  const endsAt = Date.parse(session.endsAt);
  const started = now >= startsAt;
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

  const send = useCallback(
    (type: string, fields: Record<string, unknown> = {}) => {
      if (!connection) return;
      void connection
        .command({ id: crypto.randomUUID(), doc: `session:${session.id}`, type, ...fields })
        .then((result) => {
          if (!result.ok && result.error !== "offline")
            setError(result.message ?? "That did not work.");
          else setError(null);
        });
    },
    [connection, session.id],
  );

  // My presence: who I am, where I am reading, whether I follow the host.
  useEffect(() => {
    if (!sessionDoc) return;
    let last = "";
    const update = () => {
      const paragraphId = firstVisibleParagraph();
      const key = `${chapterId}:${paragraphId}:${following}`;
      if (key === last) return;
      last = key;
      sessionDoc.awareness.setLocalState({
        user: { id: user.id, name: user.name, color: avatarColor(user.id) },
        chapterId,
        paragraphId,
        following,
      });
    };
    update();
    let timer: number | undefined;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 600);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.clearTimeout(timer);
    };
  }, [sessionDoc, chapterId, following, user.id, user.name]);

  // The spotlight: painted for everyone; followers are taken to it.
  const spotlight = live.spotlight;
  useEffect(() => {
    const element = paintSpotlight(spotlight);
    if (!spotlight || !following) return;
    const key = `${spotlight.setAt}:${spotlight.paragraphId}`;
    if (spotlight.chapterId !== chapterId) {
      if (chapterTitles.has(spotlight.chapterId)) router.replace(chapterUrl(spotlight.chapterId));
      return;
    }
    if (!element || scrolledFor.current === key) return;
    scrolledFor.current = key;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
  }, [spotlight, following, chapterId, chapterTitles, chapterUrl, router]);
  useEffect(() => () => void paintSpotlight(null), []);

  const spotlightAnchor = (anchor: Pick<Anchor, "chapterId" | "paragraphId"> & Partial<Anchor>) =>
    send("spotlight.set", {
      chapterId: anchor.chapterId,
      paragraphId: anchor.paragraphId,
      ...(anchor.start !== undefined && anchor.end !== undefined && anchor.end > anchor.start
        ? { start: anchor.start, end: anchor.end }
        : {}),
    });
  const spotlightQuote = (target: { chapterId: string; paragraphId: string; quote: string }) => {
    const element = document.getElementById(`p-${target.paragraphId}`);
    const at = element && target.quote ? paragraphText(element).indexOf(target.quote) : -1;
    spotlightAnchor(
      at >= 0
        ? { ...target, start: at, end: at + target.quote.length }
        : { chapterId: target.chapterId, paragraphId: target.paragraphId },
    );
  };

  const describe: TDescribe = (spot) => {
    const title = chapterTitles.get(spot.chapterId) ?? "Another chapter";
    const number =
      spot.chapterId === chapterId ? paragraphNumbers.get(spot.paragraphId) : undefined;
    const text =
      number !== undefined
        ? paragraphText(
            document.getElementById(`p-${spot.paragraphId}`) ?? document.createElement("p"),
          )
        : "";
    return number !== undefined
      ? `${title} · ¶ ${number}${text ? ` — ${text.slice(0, 70)}${text.length > 70 ? "…" : ""}` : ""}`
      : title;
  };
  const jump = (spot: TSpotlight) => {
    if (spot.chapterId !== chapterId) {
      setFollowing(false);
      router.push(chapterUrl(spot.chapterId));
      return;
    }
    document.getElementById(`p-${spot.paragraphId}`)?.scrollIntoView({ block: "center" });
  };
  const follow = (on: boolean) => {
    scrolledFor.current = null;
    setFollowing(on);
  };

  const followers = present.filter((p) => p.following).length;
  const showPanel = wide || panelOpen;
  const hostName = live.host ? nameOf(live.host) : null;

  const topBar = (
    <div className="sticky top-0 z-30 -mx-4 mb-4 border-b border-line bg-paper/95 px-4 py-2 backdrop-blur">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Link
          href={`/groups/${session.groupId}/sessions/${session.id}`}
          className="min-w-0 max-w-full truncate font-serif text-lg font-semibold hover:underline"
        >
          {session.title}
        </Link>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${started && now < endsAt ? "bg-green-100 text-green-900" : "bg-accent-soft"}`}
          data-testid="session-status"
        >
          {statusLine(now, startsAt, endsAt, session.cancelled)}
        </span>
        <span className="text-xs text-muted">
          {present.length} here
          {hostName ? ` · host ${live.host === user.id ? "you" : hostName}` : ""}
        </span>
        <span className="ml-auto flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={() => follow(!following)}
            aria-pressed={following}
            className={`rounded-full px-3 py-1 text-sm font-medium ${following ? "bg-accent text-paper" : "border border-line"}`}
          >
            {following ? "Stop following" : "Follow the host"}
          </button>
          {!wide ? (
            <button
              type="button"
              aria-expanded={panelOpen}
              onClick={() => setPanelOpen((open) => !open)}
              className="rounded-full border border-line px-3 py-1 text-sm"
            >
              {panelOpen ? "Hide room" : `Room · ${live.queue.length} ✋`}
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
                if (spotlight && spotlight.chapterId !== chapter.id) setFollowing(false);
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

  const hostControls = controls ? (
    <section aria-label="Host controls" className="space-y-2 rounded-md bg-accent-soft p-2">
      <h3 className="text-sm font-semibold">You run the session</h3>
      <p className="text-xs text-muted">
        Select a passage and choose Spotlight, or spotlight the paragraph at the top of your screen.{" "}
        {followers} following.
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => {
            const paragraphId = firstVisibleParagraph();
            if (paragraphId) spotlightAnchor({ chapterId, paragraphId });
          }}
          className="rounded border border-line bg-paper px-2 py-1 text-xs"
        >
          Spotlight the paragraph in view
        </button>
        {spotlight ? (
          <button
            type="button"
            onClick={() => send("spotlight.clear")}
            className="rounded border border-line bg-paper px-2 py-1 text-xs"
          >
            Clear spotlight
          </button>
        ) : null}
      </div>
      <label className="flex items-center gap-2 text-xs">
        Hand the session to
        <select
          value=""
          onChange={(event) => {
            if (event.target.value) send("host.hand", { userId: event.target.value });
          }}
          className="min-w-0 flex-1 rounded border border-line bg-paper px-1 py-0.5"
        >
          <option value="">choose…</option>
          {members
            .filter((member) => member.id !== live.host)
            .map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
        </select>
      </label>
    </section>
  ) : null;

  const panel = (
    <div className="space-y-4">
      <div role="tablist" aria-label="Room panels" className="flex gap-1 border-b border-line">
        {(
          [
            ["room", "Room"],
            ["agenda", "Agenda"],
            ["notes", "Notes"],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={`-mb-px border-b-2 px-3 py-1 text-sm ${tab === id ? "border-accent font-semibold" : "border-transparent text-muted"}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div hidden={tab !== "room"} className="space-y-4">
        {!started ? (
          <p className="text-xs text-muted">
            The room opens for everyone at the start. Until then, bring threads to the agenda, vote,
            and hold comments that the others see only when the session starts.
          </p>
        ) : null}
        {hostControls}
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
          present={present}
          selfId={user.id}
          hostId={live.host}
          chapterTitles={chapterTitles}
          paragraphNumbers={paragraphNumbers}
        />
      </div>
      <div hidden={tab !== "agenda"} className="space-y-4">
        <SpotlightAgenda agenda={live.agenda} describe={describe} jump={jump} />
        <MarginMarks
          sessionId={session.id}
          chapterId={chapterId}
          chapterDoc={chapterDoc}
          controls={controls}
          spotlight={spotlightQuote}
          onError={setError}
        />
      </div>
      <div hidden={tab !== "notes"}>
        <h3 className="mb-2 text-sm font-semibold">Shared notes</h3>
        <SharedNotes doc={notesDoc} user={user} />
        <p className="mt-1 text-xs text-muted">
          Everyone in the room writes here at once (Markdown). Kept in the session archive.
        </p>
      </div>
    </div>
  );

  return (
    <div className="live-room" data-following={following ? "true" : "false"}>
      {topBar}
      {selection && (controls || !started) ? (
        <div
          className="fixed z-40 flex gap-1 rounded-full bg-ink p-1 shadow-lg"
          style={{ top: selection.top, left: selection.left }}
        >
          {controls ? (
            <button
              type="button"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                spotlightAnchor(selection.anchor);
                window.getSelection()?.removeAllRanges();
              }}
              className="rounded-full bg-amber-400 px-3 py-1 text-sm font-medium text-ink"
            >
              Spotlight
            </button>
          ) : null}
          {!started ? (
            <button
              type="button"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                setHeldDraft(selection.anchor);
                setTab("room");
                setPanelOpen(true);
                window.getSelection()?.removeAllRanges();
              }}
              className="rounded-full px-3 py-1 text-sm font-medium text-paper"
            >
              Hold for the session
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="grid gap-x-8 xl:grid-cols-[19rem_minmax(0,1fr)]">
        {showPanel ? (
          <aside
            aria-label="Live room"
            className="mb-6 min-w-0 xl:sticky xl:top-24 xl:max-h-[calc(100vh-7rem)] xl:overflow-y-auto xl:pr-2"
          >
            {panel}
          </aside>
        ) : null}
        <div className="min-w-0">{children}</div>
      </div>
    </div>
  );
}
