"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useDialogs } from "@/app/_components/dialogs";
import { useDocumentCommands } from "@/app/_components/collab/use-document-commands";
import { useFirstVisibleParagraph } from "@/app/_components/collab/use-first-visible-paragraph";
import { useMediaQuery } from "@/app/_components/collab/use-media-query";
import { useOtherPeers } from "@/app/_components/collab/use-peers";
import { usePublishPresence } from "@/app/_components/collab/use-publish-presence";
import { CommentEditor } from "@/app/_components/margin/comment-editor";
import { HeldCommentCard } from "@/app/_components/margin/held-comment-card";
import { useCardPositions, useReflowVersion } from "@/app/_components/margin/margin-layout";
import { ParagraphGutter, PlacedCard } from "@/app/_components/margin/margin-column-parts";
import { MarginPhonePanel } from "@/app/_components/margin/margin-phone-panel";
import { MarginStatusBar } from "@/app/_components/margin/margin-status-bar";
import { OrphanedThreads } from "@/app/_components/margin/orphaned-threads";
import { threadActions } from "@/app/_components/margin/thread-actions";
import { ThreadCard } from "@/app/_components/margin/thread-card";
import { useCommentDraft } from "@/app/_components/margin/use-comment-draft";
import { useLiveNextSession } from "@/app/_components/margin/use-live-next-session";
import { useMarginEntries, type TMarginEntry } from "@/app/_components/margin/use-margin-entries";
import { usePaintHighlights } from "@/app/_components/margin/use-paint-highlights";
import { sessionDate, useSessionAgenda } from "@/app/_components/margin/use-session-agenda";
import { useStarted } from "@/app/_components/margin/use-started";
import {
  useTextSelection,
  type TPlaceSelection,
} from "@/app/_components/margin/use-text-selection";
import { readThreads, type TThreadSnapshot } from "@/lib/annotations/comment-document";
import { addPrivateNote } from "@/lib/annotations/private-notes";
import type { TCommentCommandInput } from "@/lib/collab-client/client-commands";
import {
  useCollabConnection,
  useCollabDoc,
  useConnectionVersion,
  useDocValue,
} from "@/lib/collab-client/hooks";
import { chapterDoc, notesDoc } from "@/lib/documents/names";
import { COMMENTS, formatCount } from "@/lib/format/count";
import type { TNextSession } from "@/lib/sessions/live/next-session-for-chapter";

type Member = { id: string; name: string };

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

/**
 * The "Comment" button sits below the selection's end, kept inside the window; on a touch screen
 * further down, clear of the handles a phone draws under the ends of a long-press selection.
 */
const placeBelowSelection: TPlaceSelection = (rect) => ({
  top: rect.bottom + (window.matchMedia("(pointer: coarse)").matches ? 32 : 6),
  left: Math.min(rect.right, window.innerWidth - 120),
});

/**
 * The reader's margin: the chapter's threads level with their passages (a bottom panel on
 * phones), private notes, comments held for the next session and its agenda, and who else is
 * reading. The pieces live in hooks, several shared with the live room (app/_components/collab).
 */
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
  const peers = useOtherPeers(shared, user.id);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const { send, error, setError } = useDocumentCommands<TCommentCommandInput>(
    connection,
    chapterDoc(chapterId),
  );

  // A selection inside a paragraph offers "Comment"; presence follows it.
  const { selection, clear: clearSelection } = useTextSelection(chapterId, placeBelowSelection);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const dialogs = useDialogs();
  const onDraftOpen = useCallback(() => {
    clearSelection();
    setPanelOpen(true);
    setError(null);
  }, [clearSelection, setError]);
  const { draft, setDraft, draftKey, openDraft, closeDraft, commentOnParagraph } = useCommentDraft(
    chapterId,
    onDraftOpen,
  );
  const marginHeadEnd = useRef<HTMLDivElement>(null);
  const marginRef = useRef<HTMLDivElement>(null);
  const cardRefs = useRef(new Map<string, HTMLElement>());
  // Wide screens get the margin column, narrow ones the bottom panel; only one is rendered.
  const isWide = useMediaQuery("(min-width: 1024px)", null);
  const { agendaToggle, heldHere, hold, withdraw } = useSessionAgenda(
    connection,
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

  const reflowVersion = useReflowVersion();
  const { entries, visibleEntries, hiddenCount, orphaned, heldParagraphIndex } = useMarginEntries({
    connection,
    connectionVersion,
    chapterId,
    userId: user.id,
    threads,
    privateThreads,
    heldHere,
    hideAfterParagraphIndex,
    reflowVersion,
  });
  usePaintHighlights(visibleEntries, heldHere, activeId, draft, peers);

  const { paragraphTops, positions } = useCardPositions(
    marginRef,
    marginHeadEnd,
    cardRefs,
    [
      ...visibleEntries.map((entry) => ({
        id: entry.thread.id,
        paragraphId: entry.thread.anchor.paragraphId,
        height: 120,
      })),
      ...heldHere.map((item) => ({
        id: `held:${item.id}`,
        paragraphId: item.anchor.paragraphId,
        height: 120,
      })),
      ...(draft ? [{ id: "draft", paragraphId: draft.paragraphId, height: 160, lift: 1 }] : []),
    ],
    [reflowVersion, entries.length, isWide],
    [entries, heldHere, draft, activeId],
  );

  // Where I am reading and what I select, for the others' margins.
  const paragraphId = useFirstVisibleParagraph(400);
  usePublishPresence(shared, user, {
    paragraphId,
    selection: selection
      ? {
          paragraphId: selection.anchor.paragraphId,
          start: selection.anchor.start,
          end: selection.anchor.end,
        }
      : null,
  });

  // Open the thread named in the URL (#thread-…), e.g. from a notification.
  useEffect(() => {
    const hash = window.location.hash;
    if (hash.startsWith("#thread-")) setActiveId(hash.slice("#thread-".length));
  }, []);

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
    const threadId = crypto.randomUUID();
    const messageId = crypto.randomUUID();
    if (options.private) {
      if (notes)
        addPrivateNote(notes.doc, { threadId, messageId, anchor: draft, body, userId: user.id });
    } else {
      send("comment.create", { threadId, messageId, anchor: draft, body });
    }
    setDraft(null);
    setActiveId(threadId);
    focusAfterPost.current = threadId;
    window.getSelection()?.removeAllRanges();
  }

  const actions = threadActions(send, notes, dialogs, setError);
  const statusBar = <MarginStatusBar connection={connection} peers={peers} />;

  const card = (entry: TMarginEntry) => (
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
      actions={entry.isPrivate ? actions.private : actions.shared}
      agenda={entry.isPrivate ? undefined : agendaToggle(entry.thread.id)}
    />
  );

  const heldCard = (item: (typeof heldHere)[number]) => (
    <HeldCommentCard held={item} author={user} memberNames={memberNames} withdraw={withdraw} />
  );

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

      {dialogs.dialogs}
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
          <ParagraphGutter
            paragraphTops={paragraphTops}
            peers={peers}
            commentOnParagraph={commentOnParagraph}
          />
          {visibleEntries.map((entry) => (
            <PlacedCard
              key={entry.thread.id}
              id={entry.thread.id}
              cards={cardRefs.current}
              top={
                positions.get(entry.thread.id) ??
                paragraphTops.get(entry.thread.anchor.paragraphId) ??
                0
              }
            >
              {card(entry)}
            </PlacedCard>
          ))}
          {heldHere.map((item) => (
            <PlacedCard
              key={item.id}
              id={`held:${item.id}`}
              cards={cardRefs.current}
              top={
                positions.get(`held:${item.id}`) ?? paragraphTops.get(item.anchor.paragraphId) ?? 0
              }
            >
              {heldCard(item)}
            </PlacedCard>
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
            <OrphanedThreads
              orphaned={orphaned}
              top={Math.max(0, ...[...positions.values()]) + 200}
              userId={user.id}
              hideAfterParagraphIndex={hideAfterParagraphIndex}
              canModerate={canModerate}
              selected={selection?.anchor ?? null}
              reanchor={(threadId, anchor) => send("thread.reanchor", { threadId, anchor })}
              card={card}
            />
          ) : null}
        </div>
      ) : null}

      {/* Phones: a bottom panel. */}
      {isWide === false ? (
        <MarginPhonePanel
          open={panelOpen}
          onToggle={() => setPanelOpen((open) => !open)}
          statusBar={statusBar}
          error={error}
          sessionLine={sessionLine}
          draftCard={draftCard}
          entries={visibleEntries}
          held={heldHere}
          heldParagraphIndex={heldParagraphIndex}
          card={card}
          heldCard={heldCard}
        />
      ) : null}
    </>
  );
}
