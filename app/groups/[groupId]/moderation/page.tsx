import type { Metadata } from "next";
import Link from "next/link";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { ModerationActions } from "@/app/groups/[groupId]/moderation/moderation-actions";
import { requirePageAccess } from "@/lib/http/page-guard";
import { listModerationQueue, type TModerationItem } from "@/lib/annotations/flags/list-flags";
import { getGroup } from "@/lib/groups/get-group";

export const metadata: Metadata = { title: "Moderation" };

type Props = { params: Promise<{ groupId: string }> };

function Item({ item }: { item: TModerationItem }) {
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm text-muted">
        <span>
          {item.textTitle} · {item.chapterTitle}
        </span>
        <Link href={item.url} className="text-accent hover:underline">
          Open in the reader
        </Link>
      </div>
      <blockquote className="border-l-4 border-accent pl-3 font-serif italic">
        {item.quote}
      </blockquote>
      <div className="text-sm">
        <p className="font-medium">
          {item.authorName}
          {item.hidden ? <span className="ml-2 text-muted">(hidden from members)</span> : null}
        </p>
        <div className="comment-body break-words" dangerouslySetInnerHTML={{ __html: item.html }} />
      </div>
      {item.flags.length > 0 ? (
        <div className="text-sm">
          <p className="font-medium">
            Flagged by {item.flags.length} {item.flags.length === 1 ? "member" : "members"}
          </p>
          <ul className="list-inside list-disc text-muted">
            {item.flags.map((flag) => (
              <li key={flag.id}>
                {flag.userName}
                {flag.reason ? `: ${flag.reason}` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ModerationActions
        commentId={item.commentId}
        hidden={item.hidden}
        flagged={item.flags.length > 0}
      />
    </Card>
  );
}

export default async function ModerationPage({ params }: Props) {
  const { groupId } = await params;
  const { access } = await requirePageAccess(`/groups/${groupId}/moderation`, "comments.moderate", {
    type: "group",
    id: groupId,
  });
  const [group, queue] = await Promise.all([getGroup(access), listModerationQueue(access)]);
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="moderation" />
      <h2 className="mb-4 font-serif text-2xl font-semibold">Flagged comments</h2>
      {queue.flagged.length === 0 ? (
        <Card>
          <p className="text-muted">Nothing is waiting for a moderator.</p>
        </Card>
      ) : (
        <ul className="space-y-4" aria-label="Flagged comments">
          {queue.flagged.map((item) => (
            <li key={item.commentId}>
              <Item item={item} />
            </li>
          ))}
        </ul>
      )}
      {queue.hidden.length > 0 ? (
        <>
          <h2 className="mb-4 mt-10 font-serif text-2xl font-semibold">Hidden comments</h2>
          <ul className="space-y-4" aria-label="Hidden comments">
            {queue.hidden.map((item) => (
              <li key={item.commentId}>
                <Item item={item} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
