import { DateTime } from "luxon";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { getGroup } from "@/lib/groups/get-group";
import { countFollowingSessions } from "@/lib/sessions/count-following-sessions";
import { getSession } from "@/lib/sessions/get-session";
import { sessionFormOptions } from "@/lib/sessions/session-form-options";
import { SessionForm } from "../../_components/session-form";
import { SessionsNav } from "../../_components/sessions-nav";

export const metadata: Metadata = { title: "Edit session" };

type Props = { params: Promise<{ groupId: string; sessionId: string }> };

export default async function EditSessionPage({ params }: Props) {
  const { groupId, sessionId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/sessions/${sessionId}/edit`,
    "sessions.manage",
    { type: "session", id: sessionId },
  );
  if (access.groupId !== groupId) notFound();
  const [group, options, { session }, following] = await Promise.all([
    getGroup(access),
    sessionFormOptions(access),
    getSession(access, sessionId),
    countFollowingSessions(sessionId),
  ]);
  if (session.status === "cancelled") notFound();
  // The form shows the times on the session's own clock (where the group meets).
  const local = (iso: string) => DateTime.fromISO(iso).setZone(session.timeZone);
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav groupId={groupId} active="none" canManage={false} />
      <Card className="max-w-2xl">
        <h2 className="mb-4 font-serif text-xl font-semibold">Edit session</h2>
        <SessionForm
          groupId={groupId}
          texts={options.texts}
          members={options.members}
          viewerTimeZone={user.timeZone}
          homeTimeZone={session.timeZone}
          timeZones={Intl.supportedValuesOf("timeZone")}
          initial={{
            id: session.id,
            title: session.title,
            description: session.description,
            date: local(session.startsAt).toFormat("yyyy-MM-dd"),
            startTime: local(session.startsAt).toFormat("HH:mm"),
            endTime: local(session.endsAt).toFormat("HH:mm"),
            location: session.location ?? "",
            videoUrl: session.videoUrl ?? "",
            hostId: session.host?.id ?? "",
            chapterIds: session.chapters.map((chapter) => chapter.id),
            recap: session.recap ?? "",
            following,
          }}
        />
      </Card>
    </div>
  );
}
