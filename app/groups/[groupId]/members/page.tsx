import type { Metadata } from "next";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { InvitesPanel } from "@/app/groups/[groupId]/members/invites-panel";
import { MembersTable } from "@/app/groups/[groupId]/members/members-table";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { emailResetAvailable } from "@/lib/auth/password-reset";
import { getGroup } from "@/lib/groups/get-group";
import { listMembers } from "@/lib/groups/list-members";
import { listInvites } from "@/lib/invites/list-invites";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(`/groups/${groupId}/members`, "members.view", {
    type: "group",
    id: groupId,
  });
  const canInvite = can(access.role, "invites.manage");
  const [group, members, invites] = await Promise.all([
    getGroup(access),
    listMembers(access),
    canInvite ? listInvites(access) : Promise.resolve([]),
  ]);
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="members" />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-5">
        <div className="min-w-0 lg:col-span-3">
          <Card className="p-0 sm:p-0">
            <MembersTable
              groupId={groupId}
              currentUserId={user.id}
              viewerRole={access.role}
              canIssueResetLinks={
                can(access.role, "members.reset-password") && !emailResetAvailable()
              }
              members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
            />
          </Card>
        </div>
        {canInvite ? (
          <div className="min-w-0 lg:col-span-2">
            <InvitesPanel
              groupId={groupId}
              viewerRole={access.role}
              invites={invites.map((invite) => ({
                id: invite.id,
                role: invite.role,
                email: invite.email,
                state: invite.state,
                uses: invite.uses,
                maxUses: invite.maxUses,
                expiresAt: invite.expiresAt?.toISOString() ?? null,
                createdBy: invite.createdBy.name,
              }))}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
