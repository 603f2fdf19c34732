"use client";

import { Flag } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Avatar } from "@/app/_components/avatar";
import { CommentEditor } from "@/app/_components/margin/comment-editor";
import type { TAgendaToggle } from "@/app/_components/margin/use-session-agenda";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { REACTION_EMOJI, type TReactionEmoji } from "@/lib/annotations/comment-schemas";
import { renderCommentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import type { TMentionMember } from "@/lib/annotations/mentions";
import { browserDateOptions, formatDate, formatRelative } from "@/lib/format/date";
import { VOTES, formatCount } from "@/lib/format/count";

export type ThreadActions = {
  reply: (threadId: string, body: string) => void;
  edit: (threadId: string, messageId: string, body: string) => void;
  remove: (threadId: string, messageId: string) => void;
  resolve: (threadId: string, resolved: boolean) => void;
  react: (threadId: string, messageId: string, emoji: TReactionEmoji) => void;
  flag?: (messageId: string) => void;
};

type Props = {
  thread: TThreadSnapshot;
  isPrivate: boolean;
  status?: "exact" | "moved" | "fuzzy" | "doubtful" | "orphaned";
  currentUserId: string;
  canModerate: boolean;
  members: TMentionMember[];
  memberNames: Map<string, string>;
  active: boolean;
  onActivate: () => void;
  actions: ThreadActions;
  pending?: boolean;
  /** Kept by the margin, so a card re-created when the server's copy arrives keeps it. */
  replying: boolean;
  setReplying: (replying: boolean) => void;
  /** With an upcoming session of this chapter: "Bring to session" (and its votes). */
  agenda?: TAgendaToggle;
};

/** "3 minutes ago" within a day, the date after that. */
function when(iso: string): string {
  const options = browserDateOptions();
  if (Date.now() - new Date(iso).getTime() < 24 * 3600_000) return formatRelative(iso, options);
  return formatDate(iso, options);
}

export function ThreadCard({
  thread,
  isPrivate,
  status,
  currentUserId,
  canModerate,
  members,
  memberNames,
  active,
  onActivate,
  actions,
  pending,
  replying,
  setReplying,
  agenda,
}: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  // After a reply is posted or cancelled the editor goes away: focus goes back to "Reply", not
  // to <body>.
  const replyButton = useRef<HTMLButtonElement>(null);
  const refocusReply = useRef(false);
  useEffect(() => {
    if (replying || !refocusReply.current) return;
    refocusReply.current = false;
    replyButton.current?.focus();
  }, [replying]);
  const [collapsed, setCollapsed] = useState(thread.resolved);
  const nameOf = (id: string) => memberNames.get(id) ?? "A former member";
  const rendered = useMemo(
    () =>
      new Map(
        thread.messages.map((m) => [
          m.id,
          renderCommentMarkdown(m.body, { mentionName: (id) => memberNames.get(id) }),
        ]),
      ),
    [thread.messages, memberNames],
  );
  const canResolve = !isPrivate && (thread.authorId === currentUserId || canModerate);

  return (
    <article
      id={`thread-${thread.id}`}
      // Focusable from script only: the margin moves focus to a card just posted.
      tabIndex={-1}
      aria-label={`${isPrivate ? "Private note" : "Comment thread"} by ${nameOf(thread.authorId)}`}
      // Not on focus: focus arrives on mousedown, and activating grows the card, which would move
      // the button being clicked away before the mouse is released.
      onClick={onActivate}
      className={`rounded-lg border bg-paper p-3 text-sm shadow-sm transition ${active ? "border-accent ring-1 ring-accent" : "border-line"} ${isPrivate ? "border-dashed" : ""} ${pending ? "opacity-70" : ""}`}
    >
      <header className="mb-1 flex items-center justify-between gap-2 text-xs text-muted">
        <span className="truncate italic">
          “
          {thread.anchor.exact.length > 80
            ? `${thread.anchor.exact.slice(0, 80)}…`
            : thread.anchor.exact}
          ”
        </span>
        <span className="flex shrink-0 gap-1">
          {isPrivate ? (
            <span className="rounded bg-blue-100 px-1.5 py-0.5 text-blue-800">Only me</span>
          ) : null}
          {thread.resolved ? (
            <span className="rounded bg-green-100 px-1.5 py-0.5 text-green-800">Resolved</span>
          ) : null}
          {status === "doubtful" ? (
            <span className="rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">
              Passage changed: check
            </span>
          ) : null}
          {pending ? <span className="rounded bg-line px-1.5 py-0.5">Not sent yet</span> : null}
        </span>
      </header>
      {collapsed ? (
        <button
          type="button"
          className="text-xs text-accent underline"
          onClick={() => setCollapsed(false)}
        >
          Show resolved thread ({thread.messages.length})
        </button>
      ) : (
        <ol className="space-y-3">
          {thread.messages.map((message) => (
            <li key={message.id} className="space-y-1">
              <div className="flex items-center gap-2">
                <Avatar id={message.authorId} name={nameOf(message.authorId)} size={22} />
                <span className="font-medium">{nameOf(message.authorId)}</span>
                <time className="text-xs text-muted" dateTime={message.createdAt}>
                  {when(message.createdAt)}
                  {message.editedAt ? " · edited" : ""}
                </time>
              </div>
              {message.deleted ? (
                <p className="italic text-muted">deleted</p>
              ) : message.hidden ? (
                <p className="italic text-muted">Hidden by a moderator</p>
              ) : editing === message.id ? (
                <CommentEditor
                  label="Edit comment"
                  submitLabel="Save"
                  members={members}
                  draftKey={`marginalia-edit:${message.id}`}
                  initialBody={message.body}
                  onSubmit={(body) => {
                    actions.edit(thread.id, message.id, body);
                    setEditing(null);
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                // Rendered by renderCommentMarkdown: markdown-it without raw HTML, then an allow-list sanitiser.
                <div
                  className="comment-body break-words"
                  dangerouslySetInnerHTML={{ __html: rendered.get(message.id) ?? "" }}
                />
              )}
              {!message.deleted && !message.hidden && editing !== message.id ? (
                <div className="flex flex-wrap items-center gap-1">
                  {!isPrivate
                    ? REACTION_EMOJI.map((emoji) => {
                        const who = message.reactions[emoji] ?? [];
                        const mine = who.includes(currentUserId);
                        if (who.length === 0 && !active) return null;
                        return (
                          <button
                            key={emoji}
                            type="button"
                            aria-pressed={mine}
                            aria-label={`React ${emoji}${who.length ? `, ${who.length}` : ""}`}
                            title={who.map(nameOf).join(", ")}
                            onClick={() => actions.react(thread.id, message.id, emoji)}
                            className={`rounded-full border px-1.5 text-xs ${mine ? "border-accent bg-accent-soft" : "border-line"}`}
                          >
                            {emoji}
                            {who.length ? ` ${who.length}` : ""}
                          </button>
                        );
                      })
                    : null}
                  {message.authorId === currentUserId ? (
                    <button
                      type="button"
                      className="px-1 text-xs text-muted hover:text-ink"
                      onClick={() => setEditing(message.id)}
                    >
                      Edit
                    </button>
                  ) : null}
                  {message.authorId === currentUserId || (canModerate && !isPrivate) ? (
                    <button
                      type="button"
                      className="px-1 text-xs text-muted hover:text-red-700"
                      onClick={() => actions.remove(thread.id, message.id)}
                    >
                      {message.authorId === currentUserId ? "Delete" : "Remove"}
                    </button>
                  ) : null}
                  {!isPrivate && message.authorId !== currentUserId && actions.flag ? (
                    <button
                      type="button"
                      className="px-1 text-xs text-muted hover:text-ink"
                      onClick={() => actions.flag?.(message.id)}
                    >
                      Flag
                    </button>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {!isPrivate && !collapsed ? (
        <footer className="mt-2 flex flex-wrap items-center gap-2 border-t border-line pt-2">
          {replying ? (
            <div className="w-full">
              <CommentEditor
                label="Reply"
                submitLabel="Post reply"
                members={members}
                draftKey={`marginalia-reply:${thread.id}`}
                onSubmit={(body) => {
                  actions.reply(thread.id, body);
                  refocusReply.current = true;
                  setReplying(false);
                }}
                onCancel={() => {
                  refocusReply.current = true;
                  setReplying(false);
                }}
              />
            </div>
          ) : (
            <button
              ref={replyButton}
              type="button"
              className="text-xs font-medium text-accent"
              onClick={() => setReplying(true)}
            >
              Reply
            </button>
          )}
          {canResolve && !replying ? (
            <button
              type="button"
              className="text-xs text-muted hover:text-ink"
              onClick={() => actions.resolve(thread.id, !thread.resolved)}
            >
              {thread.resolved ? "Reopen" : "Resolve"}
            </button>
          ) : null}
          {agenda && !replying && !pending ? (
            <button
              type="button"
              aria-pressed={agenda.pressed}
              disabled={agenda.busy}
              title={
                agenda.pressed
                  ? `You bring this thread to ${agenda.sessionLabel}: press again to withdraw`
                  : agenda.votes > 0
                    ? `Others bring this thread to ${agenda.sessionLabel}: press to add your vote`
                    : `Bring this thread to ${agenda.sessionLabel}`
              }
              onClick={agenda.toggle}
              className={`ml-auto flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs transition disabled:opacity-60 ${agenda.pressed ? "border-accent bg-accent-soft font-medium text-ink" : "border-line text-muted hover:text-ink"}`}
            >
              <Flag aria-hidden className="inline h-3 w-3" />
              Bring to session
              {agenda.votes > 0 ? (
                <>
                  <span aria-hidden className="tabular-nums">
                    · {agenda.votes}
                  </span>
                  <span className="sr-only">, {formatCount(agenda.votes, VOTES)}</span>
                </>
              ) : null}
            </button>
          ) : null}
        </footer>
      ) : null}
    </article>
  );
}
