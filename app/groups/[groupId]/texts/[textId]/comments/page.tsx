import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GroupHeader } from "@/app/_components/group-header";
import { requestLocale } from "@/app/_components/request-locale";
import { SpoilerShield } from "@/app/_components/spoiler-shield";
import { Card } from "@/app/_components/ui";
import { FlagButton } from "@/app/groups/[groupId]/texts/[textId]/comments/flag-button";
import { ImportAnnotationsForm } from "@/app/groups/[groupId]/texts/[textId]/comments/import-annotations-form";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { listComments, type TListCommentsFilter } from "@/lib/annotations/list-comments";
import { db } from "@/lib/db/prisma";
import { isAppError } from "@/lib/errors/app-error";
import { formatDateTime } from "@/lib/format/date";
import { getGroup } from "@/lib/groups/get-group";

export const metadata: Metadata = { title: "Comments" };

type Props = {
  params: Promise<{ groupId: string; textId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function one(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
}

const selectClass =
  "block w-full rounded-md border border-line bg-white px-3 py-2 text-sm text-ink shadow-sm dark:bg-black/20";

export default async function TextCommentsPage({ params, searchParams }: Props) {
  const { groupId, textId } = await params;
  const query = await searchParams;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/texts/${textId}/comments`,
    "comments.read",
    { type: "text", id: textId },
  );
  if (access.groupId !== groupId) notFound();
  const dateOptions = { timeZone: user.timeZone, locale: await requestLocale() };
  const filter: TListCommentsFilter = {
    chapterId: one(query.chapterId),
    authorId: one(query.authorId),
    status:
      one(query.status) === "open" || one(query.status) === "resolved"
        ? (one(query.status) as "open" | "resolved")
        : undefined,
    mine: one(query.mine) === "1",
  };
  const [group, text, members, listed] = await Promise.all([
    getGroup(access),
    db.text.findUniqueOrThrow({
      where: { id: textId },
      select: {
        title: true,
        chapters: { orderBy: { index: "asc" }, select: { id: true, title: true } },
      },
    }),
    db.membership.findMany({
      where: { groupId },
      select: { userId: true, user: { select: { name: true } } },
      orderBy: { user: { name: "asc" } },
    }),
    listComments(access, textId, filter).catch((error: unknown) => {
      if (isAppError(error) && error.code === "bad_request") return null;
      // A chapter of another text (or group) in the filter: the page does not exist.
      if (isAppError(error) && error.code === "not_found") notFound();
      throw error;
    }),
  ]);
  const canImport = can(access.role, "texts.edit");
  const exportBase = `/api/texts/${textId}/annotations`;

  return (
    <div>
      <GroupHeader group={group} role={access.role} active="library" />
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-muted">
            <Link href={`/groups/${groupId}/texts/${textId}`} className="hover:underline">
              {text.title}
            </Link>
          </p>
          <h2 className="font-serif text-2xl font-semibold">Comments</h2>
        </div>
        <div className="flex flex-wrap gap-2 text-sm">
          <a
            href={`${exportBase}?format=jsonld`}
            className="rounded-md border border-line px-3 py-2 hover:bg-accent-soft"
            download
          >
            Export as Web Annotations (JSON-LD)
          </a>
          <a
            href={`${exportBase}?format=markdown`}
            className="rounded-md border border-line px-3 py-2 hover:bg-accent-soft"
            download
          >
            Export as Markdown
          </a>
        </div>
      </div>

      <form
        method="get"
        className="mb-6 grid gap-3 sm:grid-cols-5 sm:items-end"
        aria-label="Filter comments"
      >
        <label className="space-y-1 text-sm font-medium">
          <span>Chapter</span>
          <select name="chapterId" defaultValue={filter.chapterId ?? ""} className={selectClass}>
            <option value="">All chapters</option>
            {text.chapters.map((chapter) => (
              <option key={chapter.id} value={chapter.id}>
                {chapter.title}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium">
          <span>Author</span>
          <select name="authorId" defaultValue={filter.authorId ?? ""} className={selectClass}>
            <option value="">Anyone</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.user.name}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium">
          <span>Status</span>
          <select name="status" defaultValue={filter.status ?? ""} className={selectClass}>
            <option value="">Open and resolved</option>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <label className="flex items-center gap-2 pb-2 text-sm font-medium">
          <input type="checkbox" name="mine" value="1" defaultChecked={filter.mine === true} />
          Threads I wrote in
        </label>
        <button
          type="submit"
          className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper hover:opacity-90"
        >
          Filter
        </button>
      </form>

      {!listed || listed.threads.length === 0 ? (
        <Card>
          <p className="text-muted">No comments match.</p>
        </Card>
      ) : (
        <ol className="space-y-4" aria-label="Comment threads">
          {listed.threads.map((thread) => (
            <li key={thread.threadId}>
              <Card className="space-y-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                  <span className="font-medium">{thread.chapterTitle}</span>
                  <span className="text-muted">{thread.resolved ? "✓ Resolved" : "Open"}</span>
                </div>
                <SpoilerShield
                  shielded={thread.shielded}
                  label={`A thread on ${thread.chapterTitle}, further on than you have read.`}
                >
                  <blockquote className="mb-3 border-l-4 border-accent pl-3 font-serif italic">
                    <Link href={thread.url} className="hover:underline">
                      {thread.quote || "(the passage)"}
                    </Link>
                  </blockquote>
                  <ul className="space-y-3">
                    {thread.messages.map((message) => (
                      <li key={message.id} className="text-sm">
                        <p className="text-muted">
                          <span className="font-medium text-ink">{message.authorName}</span>
                          {" · "}
                          {formatDateTime(message.createdAt, dateOptions)}
                          {message.editedAt ? " (edited)" : ""}
                        </p>
                        {message.html !== null ? (
                          <div
                            className="comment-body break-words"
                            dangerouslySetInnerHTML={{ __html: message.html }}
                          />
                        ) : (
                          <p className="italic text-muted">
                            {message.hidden ? "hidden by a moderator" : "deleted"}
                          </p>
                        )}
                        {message.html !== null && message.authorId !== user.id ? (
                          <FlagButton messageId={message.id} />
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </SpoilerShield>
              </Card>
            </li>
          ))}
        </ol>
      )}
      {listed?.truncated ? (
        <p className="mt-4 text-sm text-muted">
          Only the first threads are shown; narrow the filters to see the rest.
        </p>
      ) : null}
      {canImport ? (
        <div className="mt-8">
          <ImportAnnotationsForm textId={textId} />
        </div>
      ) : null}
    </div>
  );
}
