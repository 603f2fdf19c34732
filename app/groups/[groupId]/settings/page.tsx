import type { Metadata } from "next";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { GroupSettingsForm } from "@/app/groups/[groupId]/settings/group-settings-form";
import { DangerZone } from "@/app/groups/[groupId]/settings/danger-zone";
import { GroupArchivePanel } from "@/app/groups/[groupId]/settings/group-archive-panel";
import { requirePageAccess } from "@/lib/http/page-guard";
import { isGroupEmpty } from "@/lib/group-archive/import-group-archive";
import { getGroup } from "@/lib/groups/get-group";
import { listMembers } from "@/lib/groups/list-members";

export const metadata: Metadata = { title: "Group settings" };

export default async function GroupSettingsPage({
  params,
}: {
  params: Promise<{ groupId: string }>;
}) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(`/groups/${groupId}/settings`, "group.update", {
    type: "group",
    id: groupId,
  });
  const [group, members, empty] = await Promise.all([
    getGroup(access),
    listMembers(access),
    isGroupEmpty(groupId),
  ]);
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="settings" />
      <div className="grid max-w-3xl gap-6">
        <Card>
          <h2 className="mb-4 font-serif text-xl font-semibold">Group details</h2>
          <GroupSettingsForm
            groupId={groupId}
            initial={{
              name: group.name,
              description: group.description,
              coverEmoji: group.coverEmoji,
              coverColor: group.coverColor,
              timeZone: group.timeZone,
            }}
            timeZones={Intl.supportedValuesOf("timeZone")}
          />
        </Card>
        <GroupArchivePanel groupId={groupId} empty={empty} />
        <DangerZone
          groupId={groupId}
          groupName={group.name}
          candidates={members
            .filter((m) => m.userId !== user.id)
            .map((m) => ({ userId: m.userId, name: m.name }))}
        />
      </div>
    </div>
  );
}
