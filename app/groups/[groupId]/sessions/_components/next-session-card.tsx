import Link from "next/link";
import { Card } from "@/app/_components/ui";
import type { nextSessionGlance } from "@/lib/progress/session-glance";
import { RsvpButtons } from "./rsvp-buttons";
import { sessionWhen } from "./session-card";

type Glance = Awaited<ReturnType<typeof nextSessionGlance>>;

/** The group home's one glance: next session, what to read for it and how far I am, my RSVP. */
export function NextSessionCard({
  groupId,
  glance,
  viewerTimeZone,
}: {
  groupId: string;
  glance: Glance;
  viewerTimeZone: string;
}) {
  if (!glance)
    return (
      <Card>
        <h2 className="mb-3 font-serif text-xl font-semibold">Next session</h2>
        <p className="text-muted">
          No session is planned yet.{" "}
          <Link href={`/groups/${groupId}/sessions`} className="text-accent hover:underline">
            Sessions
          </Link>
        </p>
      </Card>
    );
  const { session, reading } = glance;
  const done = reading.filter((chapter) => chapter.completed).length;
  return (
    <Card>
      <h2 className="mb-3 font-serif text-xl font-semibold">Next session</h2>
      <div className="space-y-3">
        <div>
          <Link
            href={`/groups/${groupId}/sessions/${session.id}`}
            className="text-lg font-medium text-accent underline-offset-2 hover:underline"
          >
            {session.title}
          </Link>
          <p className="text-sm text-muted">
            {sessionWhen(session, viewerTimeZone)}
            {session.location ? ` · ${session.location}` : session.videoUrl ? " · Online" : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <RsvpButtons sessionId={session.id} mine={session.rsvp.mine} />
          <span className="text-xs text-muted">
            {session.rsvp.counts.going} going · {session.rsvp.counts.maybe} maybe
          </span>
        </div>
        {reading.length > 0 ? (
          <div>
            <p className="text-sm font-medium">
              Read for it{" "}
              <span className="font-normal text-muted">
                ({done} of {reading.length} done)
              </span>
            </p>
            <ul className="mt-1 space-y-1 text-sm">
              {reading.map((chapter) => (
                <li key={chapter.id} className="flex items-center justify-between gap-3">
                  <span className="min-w-0 break-words">
                    <Link
                      className="underline-offset-2 hover:underline"
                      href={`/groups/${groupId}/texts/${chapter.textId}/chapters/${chapter.id}`}
                    >
                      {chapter.title}
                    </Link>{" "}
                    <span className="text-muted">— {chapter.textTitle}</span>
                  </span>
                  <span className="flex shrink-0 items-center gap-2 text-xs text-muted">
                    <span
                      className="h-1.5 w-20 overflow-hidden rounded-full bg-line"
                      role="progressbar"
                      aria-label={`${chapter.title}: your progress`}
                      aria-valuenow={Math.round(chapter.fraction * 100)}
                      aria-valuemin={0}
                      aria-valuemax={100}
                    >
                      <span
                        className="block h-full bg-accent"
                        style={{ width: `${Math.round(chapter.fraction * 100)}%` }}
                      />
                    </span>
                    {chapter.completed ? "✓" : `${Math.round(chapter.fraction * 100)}%`}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
