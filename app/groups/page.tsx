import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { ROLE_LABELS } from "@/app/_components/group-header";
import { CreateGroupForm } from "@/app/groups/create-group-form";
import { PendingInvites } from "@/app/groups/pending-invites";
import { requirePageUser } from "@/lib/http/page-guard";
import { listMyGroups } from "@/lib/groups/list-my-groups";
import { listPendingInvites } from "@/lib/invites/email-invites";

export const metadata: Metadata = { title: "My groups" };

export default async function MyGroupsPage() {
  const user = await requirePageUser("/groups");
  const [groups, invites] = await Promise.all([listMyGroups(user.id), listPendingInvites(user)]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="font-serif text-3xl font-semibold">My groups</h1>
        <p className="mt-1 text-muted">The reading groups you belong to.</p>
      </div>
      {invites.length > 0 ? (
        <PendingInvites
          invites={invites.map((i) => ({
            id: i.id,
            groupName: i.group.name,
            invitedBy: i.invitedBy,
            role: i.role,
          }))}
        />
      ) : null}
      {groups.length === 0 ? (
        <Card>
          <p className="text-muted">
            You are not in a group yet. Start one below, or open an invitation link from a friend.
          </p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {groups.map((group) => (
            <li key={group.id}>
              <Link
                href={`/groups/${group.id}`}
                className="flex h-full flex-col rounded-xl border border-line bg-white/60 p-5 shadow-sm transition hover:border-accent hover:shadow dark:bg-white/5"
              >
                <div className="flex items-center gap-3">
                  <span
                    aria-hidden
                    className="flex h-10 w-10 items-center justify-center rounded-lg text-2xl"
                    style={{ backgroundColor: group.coverColor }}
                  >
                    {group.coverEmoji}
                  </span>
                  <span className="font-serif text-lg font-semibold leading-tight">
                    {group.name}
                  </span>
                </div>
                {group.description ? (
                  <p className="mt-3 line-clamp-2 text-sm text-muted">{group.description}</p>
                ) : null}
                <p className="mt-auto pt-4 text-xs text-muted">
                  {ROLE_LABELS[group.role]} · {group.memberCount}{" "}
                  {group.memberCount === 1 ? "member" : "members"} · {group.textCount}{" "}
                  {group.textCount === 1 ? "text" : "texts"}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-group" className="max-w-xl">
        <h2 id="new-group" className="mb-3 font-serif text-xl font-semibold">
          Start a new group
        </h2>
        <Card>
          <CreateGroupForm />
        </Card>
      </section>
    </div>
  );
}
