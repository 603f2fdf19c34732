import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/app/_components/avatar";
import { GroupHeader } from "@/app/_components/group-header";
import { SpoilerShield } from "@/app/_components/spoiler-shield";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { getGroup } from "@/lib/groups/get-group";
import { getGroupOverview } from "@/lib/groups/get-group-overview";
import { nextSessionGlance } from "@/lib/progress/session-glance";
import { OnlineNowCard } from "./_components/online-now-card";
import { NextSessionCard } from "./sessions/_components/next-session-card";
import { CHAPTERS, formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Group" };

type Props = { params: Promise<{ groupId: string }> };

export default async function GroupHomePage({ params }: Props) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(`/groups/${groupId}`, "group.view", {
    type: "group",
    id: groupId,
  });
  const [group, overview, glance] = await Promise.all([
    getGroup(access),
    getGroupOverview(access),
    nextSessionGlance(access),
  ]);
  const { texts, recentComments, members } = overview;
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="home" />
      {group.description ? (
        <p className="-mt-4 mb-6 max-w-3xl text-muted">{group.description}</p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <NextSessionCard groupId={groupId} glance={glance} viewerTimeZone={user.timeZone} />
          <Card>
            <h2 className="mb-3 font-serif text-xl font-semibold">Library</h2>
            {texts.length === 0 ? (
              <p className="text-muted">No texts yet.</p>
            ) : (
              <ul className="divide-y divide-line">
                {texts.map((text) => (
                  <li key={text.id} className="py-2">
                    <Link
                      href={`/groups/${groupId}/texts/${text.id}`}
                      className="font-medium hover:underline"
                    >
                      {text.title}
                    </Link>
                    <span className="text-sm text-muted">
                      {text.author ? ` · ${text.author}` : ""} ·{" "}
                      {formatCount(text._count.chapters, CHAPTERS)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <OnlineNowCard groupId={groupId} viewerId={user.id} />
          <Card>
            <h2 className="mb-3 font-serif text-xl font-semibold">Recent comments</h2>
            {recentComments.length === 0 ? (
              <p className="text-sm text-muted">
                No comments yet. Open a chapter and write in the margin.
              </p>
            ) : (
              <ul className="space-y-3">
                {recentComments.map((comment) => (
                  <li key={comment.id} className="text-sm">
                    <SpoilerShield
                      shielded={comment.shielded}
                      compact
                      label="Further on than you have read."
                    >
                      <p className="line-clamp-2">{comment.excerpt}</p>
                    </SpoilerShield>
                    <p className="text-xs text-muted">
                      {comment.author.name} on {comment.chapter.title}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <h2 className="mb-3 font-serif text-xl font-semibold">Members</h2>
            <div className="flex flex-wrap gap-1">
              {members.map(({ user: member }) => (
                <Avatar key={member.id} id={member.id} name={member.name} />
              ))}
            </div>
            <Link
              href={`/groups/${groupId}/members`}
              className="mt-3 inline-block text-sm text-accent hover:underline"
            >
              All members
            </Link>
          </Card>
        </div>
      </div>
    </div>
  );
}
