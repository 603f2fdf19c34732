import type { Metadata } from "next";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { listSessions } from "@/lib/sessions/list-sessions";
import { SessionCard } from "./_components/session-card";
import { SessionsNav } from "./_components/sessions-nav";
import { SubscribePanel } from "./_components/subscribe-panel";

export const metadata: Metadata = { title: "Sessions" };

type Props = { params: Promise<{ groupId: string }> };

export default async function SessionsPage({ params }: Props) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(`/groups/${groupId}/sessions`, "sessions.view", {
    type: "group",
    id: groupId,
  });
  const [group, sessions] = await Promise.all([
    getGroup(access),
    listSessions(access, { range: "upcoming" }),
  ]);
  const canManage = can(access.role, "sessions.manage");
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav groupId={groupId} active="upcoming" canManage={canManage} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-label="Upcoming sessions">
          {sessions.length === 0 ? (
            <Card>
              <p className="text-muted">
                No session is planned.
                {canManage
                  ? " Plan a series to walk through a text, or add a single session."
                  : " The organisers will plan the next ones."}
              </p>
            </Card>
          ) : (
            <ul className="space-y-3">
              {sessions.map((session) => (
                <SessionCard
                  key={session.id}
                  session={session}
                  groupId={groupId}
                  viewerTimeZone={user.timeZone}
                />
              ))}
            </ul>
          )}
        </section>
        <aside className="space-y-6">
          <Card>
            <h2 className="mb-3 font-serif text-lg font-semibold">Subscribe</h2>
            <SubscribePanel
              endpoint={`/api/groups/${groupId}/calendar`}
              label="Add this group's sessions to your calendar; changes and cancellations follow."
            />
          </Card>
          <p className="text-xs text-muted">
            Times are shown in your time zone ({user.timeZone}, set in your profile), with the
            group&apos;s ({group.timeZone}) beside them when it differs.
          </p>
        </aside>
      </div>
    </div>
  );
}
