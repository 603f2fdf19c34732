import type { Metadata } from "next";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { listSessions } from "@/lib/sessions/list-sessions";
import { sessionArchiveSummaries } from "@/lib/sessions/session-chapter-comments";
import { SessionCard } from "../_components/session-card";
import { SessionsNav } from "../_components/sessions-nav";

export const metadata: Metadata = { title: "Past sessions" };

type Props = { params: Promise<{ groupId: string }> };

export default async function SessionArchivePage({ params }: Props) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/sessions/archive`,
    "sessions.view",
    { type: "group", id: groupId },
  );
  const [group, sessions] = await Promise.all([
    getGroup(access),
    listSessions(access, { range: "past" }),
  ]);
  const summaries = await sessionArchiveSummaries(
    groupId,
    sessions.map((session) => session.id),
  );
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav
        groupId={groupId}
        active="archive"
        canManage={can(access.role, "sessions.manage")}
      />
      {sessions.length === 0 ? (
        <Card>
          <p className="text-muted">No session has taken place yet.</p>
        </Card>
      ) : (
        <ul className="space-y-3" aria-label="Past sessions">
          {sessions.map((session) => (
            <SessionCard
              key={session.id}
              session={session}
              groupId={groupId}
              viewerTimeZone={user.timeZone}
              archive={summaries.get(session.id)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
