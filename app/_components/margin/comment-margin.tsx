"use client";

import type { TCommandFields, TCommentCommandInput } from "@/lib/collab-client/client-commands";
import { Plus } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Avatar, avatarColor } from "@/app/_components/avatar";
import { SpoilerShield } from "@/app/_components/spoiler-shield";
import { useDialogs } from "@/app/_components/dialogs";
import { CommentEditor } from "@/app/_components/margin/comment-editor";
import { HeldCommentCard } from "@/app/_components/margin/held-comment-card";
import { paintHighlights, type PaintedAnchor } from "@/app/_components/margin/highlights";
import { stackCards } from "@/app/_components/margin/stack-cards";
import { useLiveNextSession } from "@/app/_components/margin/use-live-next-session";
import { ThreadCard, type ThreadActions } from "@/app/_components/margin/thread-card";
import { sessionDate, useSessionAgenda } from "@/app/_components/margin/use-session-agenda";
import {
  useTextSelection,
  type TPlaceSelection,
} from "@/app/_components/margin/use-text-selection";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { reanchor, type TReanchorStatus } from "@/lib/annotations/anchoring/reanchor";
import { paragraphText } from "@/lib/annotations/anchoring/selection-to-offsets";
import { readThreads, type TThreadSnapshot } from "@/lib/annotations/comment-document";
import { MAX_QUOTE_CHARS } from "@/lib/annotations/comment-schemas";
import { isBeyondReach } from "@/lib/reading-reach/spoiler-rule";
import {
  addPrivateNote,
  deletePrivateNote,
  editPrivateNote,
} from "@/lib/annotations/private-notes";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";
import type { TNextSession } from "@/lib/sessions/live/next-session-for-chapter";
import { COMMENTS, formatCount } from "@/lib/format/count";
import {
  useCollabConnection,
  useCollabDoc,
  useConnectionVersion,
  useDocValue,
} from "@/lib/collab-client/hooks";
import { chapterDoc, notesDoc } from "@/lib/documents/names";

type Member = { id: string; name: string };
type Anchor = TThreadSnapshot["anchor"];
type Draft = Anchor;
type Entry = {
  thread: TThreadSnapshot;
  isPrivate: boolean;
  pending: boolean;
  status: TReanchorStatus;
  start: number;
  end: number;
  paragraphIndex: number;
};
type Peer = {
  clientId: number;
  id: string;
  name: string;
  paragraphId: string | null;
  selection: { paragraphId: string; start: number; end: number } | null;
};

export type CommentMarginProps = {
  chapterId: string;
  user: Member;
  members: Member[];
  canModerate: boolean;
  /** With "hide comments beyond where I have read": paragraphs after this index keep their margins closed. */
  hideAfterParagraphIndex?: number | null;
  /**
   * The group's next session reading this chapter: threads can be brought to it and, before it
   * starts, comments held until it.
   */
  session?: TNextSession | null;
};

const EMPTY_THREADS: TThreadSnapshot[] = [];
const EMPTY_PEERS: Peer[] = [];

function newId(): string {
  return crypto.randomUUID();
}

function paragraphElements(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-paragraph-id]")];
}

function readPeers(doc: CollabDoc, selfId: string): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of doc.awareness.getStates()) {
    if (clientId === doc.awareness.clientID) continue;
    const user = (state as { user?: { id?: string; name?: string } }).user;
    if (!user?.id || user.id === selfId) continue;
    const selection = (state as { selection?: Peer["selection"] }).selection;
    peers.push({
      clientId,
      id: user.id,
      name: user.name ?? "Reader",
      paragraphId: (state as { paragraphId?: string }).paragraphId ?? null,
      selection:
        selection &&
        typeof selection.paragraphId === "string" &&
        Number.isInteger(selection.start) &&
        Number.isInteger(selection.end)
          ? selection
          : null,
    });
  }
  return peers;
}

function firstVisibleParagraph(): string | null {
  for (const element of paragraphElements()) {
    const rect = element.getBoundingClientRect();
    if (rect.bottom > 80) return element.dataset.paragraphId ?? null;
  }
  return null;
}

/**
 * The "Comment" button sits below the selection's end, kept inside the window; on a touch screen
 * further down, clear of the handles a phone draws under the ends of a long-press selection.
 */
const placeBelowSelection: TPlaceSelection = (rect) => ({
  top: rect.bottom + (window.matchMedia("(pointer: coarse)").matches ? 32 : 6),
  left: Math.min(rect.right, window.innerWidth - 120),
});

/**
 * Whether the session has started, turning true at its start time while the page is open; null
 * until mounted (the server renders no dates: it does not know the reader's time zone).
 */
function useStarted(startsAt: string | null): boolean | null {
  const [started, setStarted] = useState<boolean | null>(null);
  useEffect(() => {
    if (!startsAt) return;
    const at = Date.parse(startsAt);
    let timer: number | undefined;
    const check = () => {
      const left = at - Date.now();
      setStarted(left <= 0);
      // setTimeout holds at most ~24 days: sessions further off are checked again then.
      if (left > 0) timer = window.setTimeout(check, Math.min(left, 2 ** 31 - 1));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [startsAt]);
  return started;
}

/** Wide screens get the margin column, narrow ones the bottom panel; only one is rendered. */
function useIsWide(query = "(min-width: 1024px)"): boolean | null {
  const [wide, setWide] = useState<boolean | null>(null);
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setWide(media.matches);
    update();
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, [query]);
  return wide;
}

export function CommentMargin({
  chapterId,
  user,
  members,
  canModerate,
  hideAfterParagraphIndex = null,
  session: initialSession = null,
}: CommentMarginProps) {
  const connection = useCollabConnection(user.id);
  const session = useLiveNextSession(initialSession, chapterId, connection);
  const connectionVersion = useConnectionVersion(connection);
  const shared = useCollabDoc(connection, chapterDoc(chapterId));
  const notes = useCollabDoc(connection, notesDoc(chapterId));
  const threads = useDocValue(shared, (d) => readThreads(d.doc), EMPTY_THREADS);
  const privateThreads = useDocValue(notes, (d) => readThreads(d.doc), EMPTY_THREADS);
  const peers = useDocValue(shared, (d) => readPeers(d, user.id), EMPTY_PEERS);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);

  const [draft, setDraft] = useState<Draft | null>(null);
  // A selection inside a paragraph offers "Comment"; presence follows it.
  const { selection, clear: clearSelection } = useTextSelection(chapterId, placeBelowSelection);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirm, prompt, dialogs } = useDialogs();
  const [layoutVersion, setLayoutVersion] = useState(0);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [paragraphTops, setParagraphTops] = useState<Map<string, number>>(new Map());
  const marginHeadEnd = useRef<HTMLDivElement>(null);
  const [positions, setPositions] = useState<Map<string, number>>(new Map());
  const marginRef = useRef<HTMLDivElement>(null);
  const cardRefs = useRef(new Map<string, HTMLElement>());
  const returnFocus = useRef<HTMLElement | null>(null);
  const draftKey = `marginalia-draft:${chapterId}`;
  const isWide = useIsWide();
  const { agendaToggle, heldHere, hold, withdraw } = useSessionAgenda(
    session,
    chapterId,
    user.id,
    setError,
  );
  const sessionStarted = useStarted(session?.startsAt ?? null);
  const holdUntil = session && sessionStarted === false ? sessionDate(session.startsAt) : null;
  const sessionLine =
    session && sessionStarted !== null ? (
      <p className="mb-2 text-xs text-muted" data-testid="margin-next-session">
        {sessionStarted ? "Session under way" : "Next session"}:{" "}
        <span className="text-ink">{session.title}</span>
        {sessionStarted ? "" : ` · ${sessionDate(session.startsAt)}`}
      </p>
    ) : null;

  // Comments written before a reload, not yet posted, come back.
  useEffect(() => {
    try {
      const saved = localStorage.getItem(`${draftKey}:anchor`);
      if (saved) setDraft(JSON.parse(saved) as Draft);
    } catch {
      // ignore
    }
  }, [draftKey]);
  useEffect(() => {
    try {
      if (draft) localStorage.setItem(`${draftKey}:anchor`, JSON.stringify(draft));
      else localStorage.removeItem(`${draftKey}:anchor`);
    } catch {
      // ignore
    }
  }, [draft, draftKey]);

  // Queued (unsent) comments show as pending cards until the server's copy arrives.
  const pendingThreads = useMemo(() => {
    const known = new Set(threads.map((t) => t.id));
    // unsentCommands is a new array on every read: the connection's version says when it changed.
    return (connection?.unsentCommands ?? [])
      .filter(
        (c) =>
          c.doc === chapterDoc(chapterId) &&
          c.type === "comment.create" &&
          !known.has(String(c.threadId)),
      )
      .map((c): TThreadSnapshot => ({
        id: String(c.threadId),
        authorId: user.id,
        createdAt: new Date(c.queuedAt).toISOString(),
        anchor: c.anchor as Anchor,
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        messages: [
          {
            id: String(c.messageId),
            authorId: user.id,
            body: String(c.body),
            createdAt: new Date(c.queuedAt).toISOString(),
            editedAt: null,
            deleted: false,
            deletedBy: null,
            deletedAt: null,
            reactions: {},
          },
        ],
      }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- connectionVersion marks a change inside connection
  }, [connection, connectionVersion, threads, chapterId, user.id]);

  // Anchor every thread against the paragraphs as they are now (a corrected import may have changed them).
  useEffect(() => {
    const elements = paragraphElements();
    const indexOf = new Map(
      elements.map((element, index) => [element.dataset.paragraphId ?? "", index]),
    );
    const all = [
      ...threads.map((thread) => ({ thread, isPrivate: false, pending: false })),
      ...pendingThreads.map((thread) => ({ thread, isPrivate: false, pending: true })),
      ...privateThreads.map((thread) => ({ thread, isPrivate: true, pending: false })),
    ];
    const next: Entry[] = [];
    for (const item of all) {
      const element = document.getElementById(`p-${item.thread.anchor.paragraphId}`);
      if (!element) {
        next.push({
          ...item,
          status: "orphaned",
          start: 0,
          end: 0,
          paragraphIndex: Number.MAX_SAFE_INTEGER,
        });
        continue;
      }
      const result = reanchor({ ...item.thread.anchor }, paragraphText(element));
      next.push({
        ...item,
        status: result.status,
        start: result.start,
        end: result.end,
        paragraphIndex: indexOf.get(item.thread.anchor.paragraphId) ?? 0,
      });
    }
    next.sort(
      (a, b) =>
        a.paragraphIndex - b.paragraphIndex ||
        a.start - b.start ||
        a.thread.createdAt.localeCompare(b.thread.createdAt),
    );
    setEntries(next);
  }, [threads, privateThreads, pendingThreads, layoutVersion]);

  // Where each held comment sits in reading order (they are only ever fetched in the browser).
  const heldParagraphIndex = useMemo(() => {
    if (heldHere.length === 0) return new Map<string, number>();
    const order = new Map(
      paragraphElements().map((element, index) => [element.dataset.paragraphId ?? "", index]),
    );
    return new Map(heldHere.map((item) => [item.id, order.get(item.anchor.paragraphId) ?? 0]));
  }, [heldHere]);

  const visibleEntries = entries.filter(
    (entry) =>
      entry.status !== "orphaned" &&
      !isBeyondReach(
        hideAfterParagraphIndex,
        entry.paragraphIndex,
        entry.thread.authorId === user.id,
      ),
  );
  const hiddenCount =
    entries.filter((entry) => entry.status !== "orphaned").length - visibleEntries.length;
  const orphaned = entries.filter((entry) => entry.status === "orphaned" && !entry.isPrivate);

  // Paint passages.
  useEffect(() => {
    const anchors: PaintedAnchor[] = visibleEntries
      .filter((entry) => entry.status !== "doubtful")
      .map((entry) => ({
        id: entry.thread.id,
        paragraphId: entry.thread.anchor.paragraphId,
        start: entry.start,
        end: entry.end,
        kind: entry.thread.id === activeId ? "active" : entry.isPrivate ? "note" : "comment",
      }));
    // Where the others are selecting, so a group can see what is being pointed at.
    for (const peer of peers) {
      if (peer.selection)
        anchors.push({ id: `peer-${peer.clientId}`, ...peer.selection, kind: "peer" });
    }
    for (const item of heldHere)
      anchors.push({
        id: `held-${item.id}`,
        paragraphId: item.anchor.paragraphId,
        start: item.anchor.start,
        end: item.anchor.end,
        kind: "note",
      });
    if (draft)
      anchors.push({
        id: "draft",
        paragraphId: draft.paragraphId,
        start: draft.start,
        end: draft.end,
        kind: "active",
      });
    paintHighlights(anchors);
  }, [visibleEntries, heldHere, activeId, draft, peers]);
  useEffect(() => () => paintHighlights([]), []);

  // Where each paragraph sits relative to the margin column, re-measured when the page reflows.
  useEffect(() => {
    const remeasure = () => setLayoutVersion((v) => v + 1);
    const observer = new ResizeObserver(remeasure);
    const article = document.querySelector("[data-paragraph-id]")?.parentElement;
    if (article) observer.observe(article);
    window.addEventListener("resize", remeasure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", remeasure);
    };
  }, []);
  useLayoutEffect(() => {
    const margin = marginRef.current;
    if (!margin) return;
    const origin = margin.getBoundingClientRect().top;
    setParagraphTops(
      new Map(
        paragraphElements().map((element) => [
          element.dataset.paragraphId ?? "",
          element.getBoundingClientRect().top - origin,
        ]),
      ),
    );
  }, [layoutVersion, entries.length, isWide]);
  useLayoutEffect(() => {
    const slots = visibleEntries.map((entry) => ({
      id: entry.thread.id,
      desiredTop: paragraphTops.get(entry.thread.anchor.paragraphId) ?? 0,
      height: cardRefs.current.get(entry.thread.id)?.offsetHeight ?? 120,
    }));
    for (const item of heldHere)
      slots.push({
        id: `held:${item.id}`,
        desiredTop: paragraphTops.get(item.anchor.paragraphId) ?? 0,
        height: cardRefs.current.get(`held:${item.id}`)?.offsetHeight ?? 120,
      });
    if (draft)
      slots.push({
        id: "draft",
        desiredTop: (paragraphTops.get(draft.paragraphId) ?? 0) - 1,
        height: cardRefs.current.get("draft")?.offsetHeight ?? 160,
      });
    setPositions(stackCards(slots, 8, marginHeadEnd.current?.offsetTop ?? 0));
    // Heights change after the first paint of a card: measure again once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paragraphTops, entries, heldHere, draft, activeId]);

  useEffect(() => {
    if (!shared) return;
    const update = () => {
      const color = avatarColor(user.id);
      shared.awareness.setLocalState({
        user: { id: user.id, name: user.name, color },
        paragraphId: firstVisibleParagraph(),
        selection: selection
          ? {
              paragraphId: selection.anchor.paragraphId,
              start: selection.anchor.start,
              end: selection.anchor.end,
            }
          : null,
      });
    };
    update();
    let timer: number | undefined;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [shared, selection, user.id, user.name]);

  // Open the thread named in the URL (#thread-…), e.g. from a notification.
  useEffect(() => {
    const hash = window.location.hash;
    if (hash.startsWith("#thread-")) setActiveId(hash.slice("#thread-".length));
  }, []);

  const openDraft = useCallback(
    (anchor: Anchor) => {
      returnFocus.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setDraft(anchor);
      clearSelection();
      setPanelOpen(true);
      setError(null);
    },
    [clearSelection],
  );

  const closeDraft = useCallback(() => {
    setDraft(null);
    returnFocus.current?.focus();
  }, []);

  const commentOnParagraph = useCallback(
    (paragraphId: string) => {
      const element = document.getElementById(`p-${paragraphId}`);
      if (!element) return;
      const text = paragraphText(element);
      if (!text) return;
      openDraft({
        chapterId,
        paragraphId,
        ...describeSelection(text, 0, Math.min(text.length, MAX_QUOTE_CHARS)),
      });
    },
    [chapterId, openDraft],
  );

  const send = useCallback(
    async <TType extends TCommentCommandInput["type"]>(
      type: TType,
      fields: TCommandFields<TCommentCommandInput, TType>,
    ) => {
      if (!connection) return;
      // TypeScript cannot follow a generic type through the spread; the call sites are checked.
      const command = {
        id: newId(),
        doc: chapterDoc(chapterId),
        type,
        ...fields,
      } as TCommentCommandInput;
      const result = await connection.command(command);
      if (!result.ok && result.error !== "offline")
        setError(result.message ?? "That did not work.");
    },
    [connection, chapterId],
  );

  // The composer closes on posting: focus moves to the new card once it is in the margin, so a
  // keyboard user is not dropped at the top of the page.
  const focusAfterPost = useRef<string | null>(null);
  useEffect(() => {
    const threadId = focusAfterPost.current;
    const card = threadId ? document.getElementById(`thread-${threadId}`) : null;
    if (!card) return;
    focusAfterPost.current = null;
    card.focus({ preventScroll: true });
  });

  async function post(body: string, options: { private: boolean; hold: boolean }) {
    if (!draft) return;
    if (options.hold) {
      // Kept by the server until the start: not in the chapter document the others read.
      if (!(await hold(draft, body))) return false;
      setDraft(null);
      window.getSelection()?.removeAllRanges();
      return;
    }
    const threadId = newId();
    const messageId = newId();
    if (options.private) {
      if (notes)
        addPrivateNote(notes.doc, { threadId, messageId, anchor: draft, body, userId: user.id });
    } else {
      void send("comment.create", { threadId, messageId, anchor: draft, body });
    }
    setDraft(null);
    setActiveId(threadId);
    focusAfterPost.current = threadId;
    window.getSelection()?.removeAllRanges();
  }

  const sharedActions: ThreadActions = {
    reply: (threadId, body) => void send("comment.reply", { threadId, messageId: newId(), body }),
    edit: (threadId, messageId, body) => void send("comment.edit", { threadId, messageId, body }),
    remove: (threadId, messageId) => {
      void confirm({
        title: "Delete this comment?",
        confirmLabel: "Delete",
        destructive: true,
      }).then((yes) => {
        if (yes) void send("comment.delete", { threadId, messageId });
      });
    },
    resolve: (threadId, resolved) =>
      void send(resolved ? "thread.resolve" : "thread.reopen", { threadId }),
    react: (threadId, messageId, emoji) =>
      void send("reaction.toggle", { threadId, messageId, emoji }),
    flag: (messageId) => {
      void prompt({
        title: "Flag for moderators",
        label: "Why should moderators look at this comment? (optional)",
        confirmLabel: "Flag",
        multiline: true,
      }).then(async (reason) => {
        if (reason === null) return;
        await fetch(`/api/comments/${messageId}/flag`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ reason }),
        }).then((response) => setError(response.ok ? null : "Could not flag the comment."));
      });
    },
  };
  const privateActions: ThreadActions = {
    reply: () => undefined,
    edit: (threadId, _messageId, body) => notes && editPrivateNote(notes.doc, threadId, body),
    remove: (threadId) => {
      if (!notes) return;
      void confirm({
        title: "Delete this private note?",
        confirmLabel: "Delete",
        destructive: true,
      }).then((yes) => {
        if (yes) deletePrivateNote(notes.doc, threadId);
      });
    },
    resolve: () => undefined,
    react: () => undefined,
  };

  const status = connection?.status ?? "connecting";
  const unsent = connection?.unsentCount ?? 0;
  const statusLabel =
    status === "connected" ? "Live" : status === "connecting" ? "Connecting…" : "Offline";
  const statusBar = (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center justify-between gap-2 text-xs text-muted"
    >
      <span className="flex items-center gap-1.5">
        <span
          aria-hidden
          className={`inline-block h-2 w-2 rounded-full ${status === "connected" ? "bg-green-600" : status === "connecting" ? "bg-amber-500" : "bg-red-600"}`}
        />
        {statusLabel}
        {unsent > 0 ? ` · ${unsent} unsent` : ""}
      </span>
      {peers.length > 0 ? (
        <span
          className="flex items-center -space-x-1"
          aria-label={`Also reading: ${peers.map((p) => p.name).join(", ")}`}
        >
          {peers.slice(0, 6).map((peer) => (
            <Avatar key={peer.clientId} id={peer.id} name={peer.name} size={22} />
          ))}
          {peers.length > 6 ? <span className="pl-2">+{peers.length - 6}</span> : null}
        </span>
      ) : null}
    </div>
  );

  const card = (entry: Entry) => (
    <ThreadCard
      thread={entry.thread}
      isPrivate={entry.isPrivate}
      status={entry.status}
      pending={entry.pending}
      currentUserId={user.id}
      canModerate={canModerate}
      members={members}
      memberNames={memberNames}
      active={activeId === entry.thread.id}
      onActivate={() => setActiveId(entry.thread.id)}
      replying={replyingTo === entry.thread.id}
      setReplying={(replying) => setReplyingTo(replying ? entry.thread.id : null)}
      actions={entry.isPrivate ? privateActions : sharedActions}
      agenda={entry.isPrivate ? undefined : agendaToggle(entry.thread.id)}
    />
  );
  const heldCard = (item: (typeof heldHere)[number]) => (
    <HeldCommentCard held={item} author={user} memberNames={memberNames} withdraw={withdraw} />
  );

  // The phone panel lists threads and held comments together in passage order.
  const panelCards = [
    ...visibleEntries.map((entry) => ({
      entry,
      held: null,
      order: [entry.paragraphIndex, entry.start] as const,
    })),
    ...heldHere.map((held) => ({
      entry: null,
      held,
      order: [heldParagraphIndex.get(held.id) ?? 0, held.anchor.start] as const,
    })),
  ].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);

  const draftCard = draft ? (
    <div
      className="rounded-lg border border-accent bg-paper p-3 shadow-md"
      aria-label="New comment"
    >
      <p className="mb-2 line-clamp-3 text-xs italic text-muted">“{draft.exact}”</p>
      <CommentEditor
        label="Comment"
        submitLabel="Post comment"
        members={members}
        draftKey={draftKey}
        allowPrivate
        holdUntil={holdUntil}
        onSubmit={post}
        onCancel={closeDraft}
      />
    </div>
  ) : null;

  return (
    <>
      {selection ? (
        <button
          type="button"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => openDraft(selection.anchor)}
          style={{ position: "fixed", top: selection.top, left: selection.left }}
          className="z-40 rounded-full bg-accent px-3 py-1 text-sm font-medium text-paper shadow-lg"
        >
          Comment
        </button>
      ) : null}

      {dialogs}
      {/* Wide screens: cards level with their passages in the right margin. */}
      {isWide ? (
        <div ref={marginRef} className="relative min-h-full" data-testid="margin-column">
          {/* In the flow, not sticky: a bar stuck to the top of the window covered the card
              scrolled under it (its quote and "Resolved" badge). */}
          <div className="mb-2 rounded-md px-1 py-1">{statusBar}</div>
          {error ? (
            <p
              className="mb-2 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800"
              role="alert"
            >
              {error}
            </p>
          ) : null}
          {hiddenCount > 0 ? (
            <p className="mb-2 text-xs text-muted">
              {formatCount(hiddenCount, COMMENTS)} further on {hiddenCount === 1 ? "is" : "are"}{" "}
              hidden until you have read that far.
            </p>
          ) : null}
          {sessionLine}
          {/* Where the margin's own lines end: no card is placed above it. */}
          <div ref={marginHeadEnd} aria-hidden />
          {[...paragraphTops].map(([paragraphId, top]) => {
            const here = peers.filter((peer) => peer.paragraphId === paragraphId);
            return (
              <div
                key={paragraphId}
                className="group absolute -left-9 flex flex-col items-center gap-1"
                style={{ top }}
              >
                {/* Faint until hovered, full when focused from the keyboard, and always full on
                    touch screens, which have no hover to reveal it. */}
                <button
                  type="button"
                  aria-label="Comment on this paragraph"
                  onClick={() => commentOnParagraph(paragraphId)}
                  className="flex h-6 w-6 items-center justify-center rounded-full border border-line bg-paper text-muted opacity-30 transition hover:text-ink focus-visible:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100"
                >
                  <Plus aria-hidden className="h-3.5 w-3.5" strokeWidth={2.25} />
                </button>
                {here.map((peer) => (
                  <span key={peer.clientId} title={`${peer.name} is reading here`}>
                    <Avatar id={peer.id} name={peer.name} size={16} />
                  </span>
                ))}
              </div>
            );
          })}
          {visibleEntries.map((entry) => (
            <div
              key={entry.thread.id}
              ref={(element) => {
                if (element) cardRefs.current.set(entry.thread.id, element);
                else cardRefs.current.delete(entry.thread.id);
              }}
              className="absolute left-0 right-0 transition-[top] duration-150"
              style={{
                top:
                  positions.get(entry.thread.id) ??
                  paragraphTops.get(entry.thread.anchor.paragraphId) ??
                  0,
              }}
            >
              {card(entry)}
            </div>
          ))}
          {heldHere.map((item) => (
            <div
              key={item.id}
              ref={(element) => {
                if (element) cardRefs.current.set(`held:${item.id}`, element);
                else cardRefs.current.delete(`held:${item.id}`);
              }}
              className="absolute left-0 right-0 transition-[top] duration-150"
              style={{
                top:
                  positions.get(`held:${item.id}`) ??
                  paragraphTops.get(item.anchor.paragraphId) ??
                  0,
              }}
            >
              {heldCard(item)}
            </div>
          ))}
          {draft ? (
            <div
              ref={(element) => {
                if (element) cardRefs.current.set("draft", element);
              }}
              className="absolute left-0 right-0 z-10"
              style={{ top: positions.get("draft") ?? paragraphTops.get(draft.paragraphId) ?? 0 }}
            >
              {draftCard}
            </div>
          ) : null}
          {orphaned.length > 0 ? (
            <section
              className="absolute left-0 right-0"
              style={{ top: Math.max(0, ...[...positions.values()]) + 200 }}
              aria-label="Comments whose passage is gone"
            >
              <h2 className="mb-2 text-sm font-semibold">
                Comments whose passage changed ({orphaned.length})
              </h2>
              <div className="space-y-2">
                {orphaned.map((entry) => (
                  <div key={entry.thread.id} className="space-y-1">
                    {/* Its passage is gone, so where it sat is unknown: shielded until the
                        chapter is read, like any comment beyond the reader's position. */}
                    <SpoilerShield
                      shielded={isBeyondReach(
                        hideAfterParagraphIndex,
                        null,
                        entry.thread.authorId === user.id,
                      )}
                    >
                      {card(entry)}
                    </SpoilerShield>
                    {canModerate ? (
                      <button
                        type="button"
                        disabled={!selection}
                        onMouseDown={(event) => event.preventDefault()}
                        onClick={() =>
                          selection &&
                          void send("thread.reanchor", {
                            threadId: entry.thread.id,
                            anchor: selection.anchor,
                          })
                        }
                        className="text-xs text-accent underline disabled:text-muted disabled:no-underline"
                      >
                        {selection
                          ? "Attach to the selected passage"
                          : "Select a passage to re-attach this thread"}
                      </button>
                    ) : null}
                  </div>
                ))}
              </div>
            </section>
          ) : null}
        </div>
      ) : null}

      {/* Phones: a bottom panel. */}
      {isWide === false ? (
        <div>
          <div className="fixed inset-x-0 bottom-0 z-30 border-t border-line bg-paper/95 backdrop-blur">
            <div className="flex items-center justify-between gap-2 px-4 py-2">
              <button
                type="button"
                aria-expanded={panelOpen}
                onClick={() => setPanelOpen((open) => !open)}
                className="rounded-md border border-line px-3 py-1 text-sm font-medium"
              >
                {panelOpen
                  ? "Close comments"
                  : `Comments (${visibleEntries.length + heldHere.length})`}
              </button>
              <div className="min-w-0 flex-1">{statusBar}</div>
            </div>
            {panelOpen ? (
              <div className="max-h-[65vh] space-y-3 overflow-y-auto px-4 pb-4">
                {error ? (
                  <p role="alert" className="text-xs text-red-800">
                    {error}
                  </p>
                ) : null}
                {sessionLine}
                {draftCard}
                {visibleEntries.length === 0 && heldHere.length === 0 && !draft ? (
                  <p className="text-sm text-muted">
                    No comments yet. Select a passage to write the first.
                  </p>
                ) : null}
                {panelCards.map((item) =>
                  item.held ? (
                    <div key={`held:${item.held.id}`}>{heldCard(item.held)}</div>
                  ) : (
                    <div key={item.entry.thread.id}>{card(item.entry)}</div>
                  ),
                )}
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
