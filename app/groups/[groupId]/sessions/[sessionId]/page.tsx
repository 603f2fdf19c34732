import { MapPin } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GroupHeader } from "@/app/_components/group-header";
import { SessionArchive } from "@/app/_components/live/session-archive";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { runsSession } from "@/lib/sessions/live/session-host";
import { myChapterProgress } from "@/lib/progress/my-chapter-progress";
import { getSession } from "@/lib/sessions/get-session";
import { sessionChapterComments } from "@/lib/sessions/session-chapter-comments";
import { sessionFormOptions } from "@/lib/sessions/session-form-options";
import { RolesEditor } from "../_components/roles-editor";
import { RsvpButtons } from "../_components/rsvp-buttons";
import { SessionActions } from "../_components/session-actions";
import { SessionChapterComments } from "../_components/session-chapter-comments";
import { sessionWhen } from "../_components/session-card";
import { SessionsNav } from "../_components/sessions-nav";
import { COMMENTS, formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Session" };

type Props = { params: Promise<{ groupId: string; sessionId: string }> };

const ROLE_LABELS = { lead: "Discussion lead", summariser: "Summariser", questions: "Questions" };
const RSVP_HEADINGS = { going: "Going", maybe: "Maybe", not_going: "Not going" } as const;

export default async function SessionPage({ params }: Props) {
  const { groupId, sessionId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/sessions/${sessionId}`,
    "sessions.view",
    { type: "session", id: sessionId },
  );
  if (access.groupId !== groupId) notFound();
  const [group, { session, assignments }] = await Promise.all([
    getGroup(access),
    getSession(access, sessionId),
  ]);
  const canManage = can(access.role, "sessions.manage");
  const progress = await myChapterProgress(
    user.id,
    session.chapters.map((chapter) => chapter.id),
  );
  const members = canManage ? (await sessionFormOptions(access)).members : [];
  const cancelled = session.status === "cancelled";
  const past = new Date(session.endsAt) < new Date();
  const marginComments = past ? await sessionChapterComments(groupId, session) : [];
  const chapterHref = (textId: string, chapterId: string) =>
    `/groups/${groupId}/texts/${textId}/chapters/${chapterId}`;

  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav groupId={groupId} active={past ? "archive" : "none"} canManage={false} />
      <div className="mb-6 space-y-2">
        {cancelled ? (
          <p className="inline-block rounded-full bg-red-100 px-3 py-0.5 text-sm font-medium text-red-800">
            Cancelled
          </p>
        ) : null}
        <h2 className={`font-serif text-2xl font-semibold ${cancelled ? "line-through" : ""}`}>
          {session.title}
        </h2>
        <p className="text-muted">{sessionWhen(session, user.timeZone)}</p>
        <p className="text-sm">
          {session.location ? (
            <span>
              <MapPin
                role="img"
                aria-label="Place"
                className="mr-0.5 inline h-4 w-4 align-[-3px]"
              />
              {session.location}
            </span>
          ) : null}
          {session.location && session.videoUrl ? " · " : null}
          {session.videoUrl ? (
            <a
              href={session.videoUrl}
              className="text-accent underline underline-offset-2"
              rel="noreferrer"
            >
              Video link
            </a>
          ) : null}
          {session.host ? (
            <span className="text-muted">
              {session.location || session.videoUrl ? " · " : ""}Hosted by {session.host.name}
            </span>
          ) : null}
        </p>
        {session.description ? (
          <p className="max-w-3xl whitespace-pre-line">{session.description}</p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2 pt-2">
          <a
            href={`/api/sessions/${session.id}/ics`}
            download
            className="inline-flex items-center rounded-md border border-line px-4 py-2 text-sm font-medium hover:bg-accent-soft"
          >
            Add to calendar
          </a>
          {!cancelled && session.chapters.length > 0 ? (
            <Link
              href={`/groups/${groupId}/sessions/${session.id}/live`}
              className="inline-flex items-center rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper hover:opacity-90"
            >
              {past ? "Open the live room" : "Join the live room"}
            </Link>
          ) : null}
          {canManage && !cancelled ? (
            <SessionActions groupId={groupId} sessionId={session.id} canCancel={!past} />
          ) : null}
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <Card>
            <h3 className="mb-3 font-serif text-lg font-semibold">
              {past ? "What we read" : "Read for it"}
            </h3>
            {session.chapters.length === 0 ? (
              <p className="text-sm text-muted">No chapters chosen.</p>
            ) : (
              <ul className="divide-y divide-line">
                {session.chapters.map((chapter) => {
                  const mine = progress.get(chapter.id);
                  return (
                    <li
                      key={chapter.id}
                      className="flex flex-wrap items-center justify-between gap-2 py-2"
                    >
                      <span>
                        <Link
                          href={chapterHref(chapter.textId, chapter.id)}
                          className="font-medium hover:underline"
                        >
                          {chapter.title}
                        </Link>
                        <span className="text-sm text-muted"> — {chapter.textTitle}</span>
                      </span>
                      <span className="text-sm text-muted">
                        {mine?.completed
                          ? "✓ read"
                          : mine
                            ? `${Math.round(mine.fraction * 100)}% read`
                            : "not started"}
                        {" · "}
                        <Link
                          href={`/groups/${groupId}/texts/${chapter.textId}/comments`}
                          className="hover:underline"
                        >
                          {formatCount(chapter.commentCount, COMMENTS)}
                        </Link>
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
            {assignments.some((assignment) => !assignment.forEveryone) ? (
              <div className="mt-4 text-sm">
                <p className="font-medium">Also assigned for this session</p>
                <ul className="mt-1 list-inside list-disc text-muted">
                  {assignments
                    .filter((assignment) => !assignment.forEveryone)
                    .map((assignment) => (
                      <li key={assignment.id}>
                        {assignment.chapter.title} —{" "}
                        {assignment.members.map((m) => m.name).join(", ")}
                      </li>
                    ))}
                </ul>
              </div>
            ) : null}
          </Card>

          {past || session.recap ? (
            <Card>
              <h3 className="mb-3 font-serif text-lg font-semibold">Notes</h3>
              {session.recap ? (
                <p className="whitespace-pre-line">{session.recap}</p>
              ) : (
                <p className="text-sm text-muted">
                  No notes yet.{canManage ? " Add a recap with Edit." : ""}
                </p>
              )}
            </Card>
          ) : null}

          {past || new Date(session.startsAt) < new Date() ? (
            <Card>
              <h3 className="mb-3 font-serif text-lg font-semibold">From the live room</h3>
              <SessionArchive
                sessionId={session.id}
                groupId={groupId}
                chapters={session.chapters.map((chapter) => ({
                  id: chapter.id,
                  title: chapter.title,
                  textId: chapter.textId,
                }))}
                canRecap={runsSession(access, { hostId: session.host?.id ?? null })}
              />
            </Card>
          ) : null}

          {marginComments.length > 0 ? (
            <Card>
              <h3 className="mb-3 font-serif text-lg font-semibold">Comments in the margins</h3>
              <SessionChapterComments chapters={marginComments} timeZone={user.timeZone} />
            </Card>
          ) : null}
        </div>

        <aside className="space-y-6">
          {!cancelled ? (
            <Card>
              <h3 className="mb-3 font-serif text-lg font-semibold">Coming?</h3>
              {!past ? <RsvpButtons sessionId={session.id} mine={session.rsvp.mine} /> : null}
              <dl className="mt-4 space-y-2 text-sm">
                {(["going", "maybe", "not_going"] as const).map((status) => (
                  <div key={status}>
                    <dt className="font-medium">
                      {RSVP_HEADINGS[status]} ({session.rsvp.counts[status]})
                    </dt>
                    <dd className="text-muted">
                      {session.rsvp.names[status].map((entry) => entry.name).join(", ") || "—"}
                    </dd>
                  </div>
                ))}
              </dl>
            </Card>
          ) : null}
          <Card>
            <h3 className="mb-3 font-serif text-lg font-semibold">Roles</h3>
            {canManage && !cancelled ? (
              <RolesEditor
                sessionId={session.id}
                members={members}
                inSeries={session.seriesId !== null}
                current={Object.fromEntries(session.roles.map((role) => [role.role, role.user.id]))}
              />
            ) : session.roles.length === 0 ? (
              <p className="text-sm text-muted">No roles handed out.</p>
            ) : (
              <dl className="space-y-1 text-sm">
                {session.roles.map((role) => (
                  <div key={role.role} className="flex justify-between gap-2">
                    <dt>{ROLE_LABELS[role.role]}</dt>
                    <dd className={role.user.id === user.id ? "font-semibold" : "text-muted"}>
                      {role.user.id === user.id ? "You" : role.user.name}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
        </aside>
      </div>
    </div>
  );
}
