import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveRoom } from "@/app/_components/live/live-room";
import { CommentMargin } from "@/app/_components/margin/comment-margin";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { listMembers } from "@/lib/groups/list-members";
import { liveSessionContext } from "@/lib/sessions/live/live-session-context";
import { runsSession } from "@/lib/sessions/live/session-host";
import { getChapter } from "@/lib/texts/get-chapter";
import { ChapterBody } from "../../../texts/_components/chapter-body";
import { ThemeScript } from "../../../texts/_components/theme-script";
import "../../../texts/_components/reader.css";
import "@/app/_components/live/live.css";

export const metadata: Metadata = { title: "Live session" };

type Props = {
  params: Promise<{ groupId: string; sessionId: string }>;
  searchParams: Promise<{ chapter?: string | string[] }>;
};

/** The live room: one of the session's chapters in the reader, with the room around it. */
export default async function LiveSessionPage({ params, searchParams }: Props) {
  const { groupId, sessionId } = await params;
  const { chapter: requested } = await searchParams;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/sessions/${sessionId}/live`,
    "sessions.view",
    { type: "session", id: sessionId },
  );
  if (access.groupId !== groupId) notFound();
  const session = await liveSessionContext(sessionId);
  const shown =
    session.chapters.find((chapter) => chapter.id === requested) ?? session.chapters[0] ?? null;
  const [members, chapter] = await Promise.all([
    listMembers(access),
    shown ? getChapter(shown.id) : Promise.resolve(null),
  ]);
  const memberList = members.map((member) => ({ id: member.userId, name: member.name }));
  // The room's clock starts at the render's time on both sides (see useNow).
  const renderedAt = new Date().getTime();

  return (
    <div data-wide-page className="xl:mx-[calc(50%-min(50rem,50vw-1.5rem))]">
      <ThemeScript />
      <LiveRoom
        session={{
          id: session.id,
          groupId,
          title: session.title,
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
          cancelled: session.cancelled,
        }}
        chapters={session.chapters.map((c) => ({
          id: c.id,
          title: c.title,
          textTitle: c.textTitle,
        }))}
        chapterId={chapter?.id ?? ""}
        paragraphIds={chapter?.paragraphs.map((paragraph) => paragraph.id) ?? []}
        user={{ id: user.id, name: user.name }}
        members={memberList}
        controlsByRole={runsSession(access, session)}
        renderedAt={renderedAt}
      >
        {chapter ? (
          <div className="grid gap-x-10 lg:grid-cols-[minmax(0,1fr)_17rem]">
            <article className="min-w-0" aria-labelledby="chapter-title">
              <div className="mx-auto max-w-[65ch]">
                <header className="mb-6 border-b border-line pb-4">
                  <p className="text-sm text-muted">{chapter.text.title}</p>
                  <h1 id="chapter-title" className="mt-1 font-serif text-2xl font-semibold">
                    {chapter.title}
                  </h1>
                </header>
                <ChapterBody chapter={chapter} />
              </div>
            </article>
            <aside
              aria-label="Margin comments"
              data-comment-margin
              className="relative min-w-0 lg:pl-10"
            >
              <CommentMargin
                chapterId={chapter.id}
                user={{ id: user.id, name: user.name }}
                members={memberList}
                canModerate={can(access.role, "comments.moderate")}
              />
            </aside>
          </div>
        ) : (
          <p className="text-muted">This session has no chapters to read.</p>
        )}
      </LiveRoom>
    </div>
  );
}
