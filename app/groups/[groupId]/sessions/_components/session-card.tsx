import Link from "next/link";
import { formatSessionTime } from "@/lib/sessions/schedule/format-session-time";
import type { TSessionArchiveSummary } from "@/lib/sessions/session-chapter-comments";
import type { SessionView } from "@/lib/sessions/session-schemas";
import { COMMENTS, formatCount } from "@/lib/format/count";

export function sessionWhen(session: SessionView, viewerTimeZone: string): string {
  return formatSessionTime({
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    viewerTimeZone,
    homeTimeZone: session.timeZone,
  });
}

const RSVP_LABELS = { going: "Going", maybe: "Maybe", not_going: "Not going" } as const;

/** One session in a list: when (viewer's zone, the group's beside it), what to read, RSVPs. */
export function SessionCard({
  session,
  groupId,
  viewerTimeZone,
  archive,
}: {
  session: SessionView;
  groupId: string;
  viewerTimeZone: string;
  /** In the archive: what the session left behind. */
  archive?: TSessionArchiveSummary;
}) {
  const cancelled = session.status === "cancelled";
  return (
    <li className="rounded-xl border border-line bg-white/60 p-4 dark:bg-white/5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Link
          href={`/groups/${groupId}/sessions/${session.id}`}
          className={`font-serif text-lg font-semibold hover:underline ${cancelled ? "text-muted line-through" : ""}`}
        >
          {session.title}
        </Link>
        {cancelled ? (
          <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">
            Cancelled
          </span>
        ) : session.rsvp.mine ? (
          <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium">
            You: {RSVP_LABELS[session.rsvp.mine]}
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-muted">
        {sessionWhen(session, viewerTimeZone)}
        {session.location ? ` · ${session.location}` : session.videoUrl ? " · Online" : ""}
      </p>
      {session.chapters.length > 0 ? (
        <p className="mt-2 text-sm">
          <span className="text-muted">Read: </span>
          {session.chapters.map((chapter, i) => (
            <span key={chapter.id}>
              {i > 0 ? ", " : ""}
              <Link
                href={`/groups/${groupId}/texts/${chapter.textId}/chapters/${chapter.id}`}
                className="underline-offset-2 hover:underline"
              >
                {chapter.title}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      {!cancelled ? (
        <p className="mt-2 text-xs text-muted">
          {session.rsvp.counts.going} going · {session.rsvp.counts.maybe} maybe ·{" "}
          {session.rsvp.counts.not_going} not going
          {session.host ? ` · hosted by ${session.host.name}` : ""}
        </p>
      ) : null}
      {archive ? (
        <p className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs" data-testid="archive-summary">
          <Link
            href={`/groups/${groupId}/sessions/${session.id}`}
            className="text-accent hover:underline"
          >
            {formatCount(archive.comments, COMMENTS)} on its chapters
          </Link>
          <span className={archive.hasNotes ? "" : "text-muted"}>
            {archive.hasNotes ? "✓ shared notes" : "no shared notes"}
          </span>
          <span className={archive.hasAgenda ? "" : "text-muted"}>
            {archive.hasAgenda ? "✓ agenda" : "no agenda"}
          </span>
        </p>
      ) : null}
    </li>
  );
}
