import Link from "next/link";
import { THREADS, formatCount } from "@/lib/format/count";
import { formatDateTime } from "@/lib/format/date";
import type { TSessionChapterComments } from "@/lib/sessions/session-chapter-comments";

/** A past session's margin comments, chapter by chapter, each thread linking to its passage. */
export function SessionChapterComments({
  chapters,
  timeZone,
  locale,
}: {
  chapters: TSessionChapterComments[];
  timeZone: string;
  locale?: string;
}) {
  const when = (iso: string) => formatDateTime(iso, { timeZone, locale });
  return (
    <div className="space-y-5" data-testid="session-chapter-comments">
      {chapters.map((chapter) => (
        <section
          key={chapter.chapterId}
          aria-label={`Comments on ${chapter.chapterTitle}`}
          className="space-y-2"
        >
          <h4 className="font-semibold">
            {chapter.chapterTitle}{" "}
            <span className="text-sm font-normal text-muted">
              ({formatCount(chapter.total, THREADS)})
            </span>
          </h4>
          {chapter.threads.length === 0 ? (
            <p className="text-sm text-muted">No comments in the margins of this chapter.</p>
          ) : (
            <ul className="divide-y divide-line rounded-md border border-line text-sm">
              {chapter.threads.map((thread) => (
                <li key={thread.threadId} className="space-y-1 p-3">
                  {thread.quote ? (
                    <Link
                      href={thread.url}
                      className="block border-l-2 border-accent pl-2 italic text-muted hover:underline"
                    >
                      {`“${thread.quote.length > 200 ? `${thread.quote.slice(0, 200)}…` : thread.quote}”`}
                    </Link>
                  ) : null}
                  {thread.html !== null ? (
                    <div
                      className="comment-body"
                      // Rendered by the comment Markdown renderer: raw HTML escaped, output sanitised.
                      dangerouslySetInnerHTML={{ __html: thread.html }}
                    />
                  ) : (
                    <p className="italic text-muted">
                      {thread.deleted ? "Comment deleted." : "Hidden by a moderator."}
                    </p>
                  )}
                  <p className="flex flex-wrap items-center gap-x-2 text-xs text-muted">
                    {thread.authorName ? (
                      <span className="font-medium text-ink">{thread.authorName}</span>
                    ) : null}
                    <time dateTime={thread.createdAt}>{when(thread.createdAt)}</time>
                    {thread.duringSession ? (
                      <span className="rounded-full bg-accent-soft px-2 py-0.5 font-medium text-ink">
                        during the session
                      </span>
                    ) : null}
                    <span>
                      {thread.replies} repl{thread.replies === 1 ? "y" : "ies"}
                    </span>
                    {thread.resolved ? <span>resolved</span> : null}
                    <Link href={thread.url} className="text-accent hover:underline">
                      Open in the text
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          )}
          {chapter.more > 0 ? (
            <p className="text-sm">
              <Link href={chapter.commentsUrl} className="text-accent hover:underline">
                and {chapter.more} more in the text’s comments
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
