import type { Metadata } from "next";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { getGroup } from "@/lib/groups/get-group";
import { sessionFormOptions } from "@/lib/sessions/session-form-options";
import { SessionForm } from "../_components/session-form";
import { SessionsNav } from "../_components/sessions-nav";

export const metadata: Metadata = { title: "New session" };

type Props = { params: Promise<{ groupId: string }> };

export default async function NewSessionPage({ params }: Props) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/sessions/new`,
    "sessions.manage",
    { type: "group", id: groupId },
  );
  const [group, options] = await Promise.all([getGroup(access), sessionFormOptions(access)]);
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav groupId={groupId} active="none" canManage={false} />
      <Card className="max-w-2xl">
        <h2 className="mb-4 font-serif text-xl font-semibold">New session</h2>
        <SessionForm
          groupId={groupId}
          texts={options.texts}
          members={options.members}
          viewerTimeZone={user.timeZone}
          homeTimeZone={options.homeTimeZone}
          timeZones={Intl.supportedValuesOf("timeZone")}
        />
      </Card>
    </div>
  );
}
