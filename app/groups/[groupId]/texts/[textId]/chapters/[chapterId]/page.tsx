import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CommentMargin } from "@/app/_components/margin/comment-margin";
import { ReadingProgressTracker } from "@/app/_components/reading-progress-tracker";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { ChapterRecapList } from "@/app/_components/live/chapter-recaps";
import { hiddenAfterFromProgress } from "@/lib/annotations/margin-visibility";
import { getChapterAt } from "@/lib/texts/get-chapter";
import { loadReaderPage } from "@/lib/texts/load-reader-page";
import { ReaderControls } from "../../../_components/reader-controls";
import { ChapterText } from "../../../_components/chapter-text";
import { TableOfContents } from "../../../_components/table-of-contents";
import { ThemeScript } from "../../../_components/theme-script";
import "../../../_components/reader.css";
import { WORDS, formatCount } from "@/lib/format/count";

// A fixed title: the chapter's own is only known after the access check.
export const metadata: Metadata = { title: "Reader" };

type Props = { params: Promise<{ groupId: string; textId: string; chapterId: string }> };

function ChapterNav({
  previous,
  next,
}: {
  previous: { title: string; url: string } | null;
  next: { title: string; url: string } | null;
}) {
  return (
    <nav aria-label="Chapters" className="mt-12 grid grid-cols-2 gap-3 border-t border-line pt-6">
      {previous ? (
        <Link
          href={previous.url}
          rel="prev"
          className="rounded-lg border border-line p-3 hover:bg-accent-soft"
        >
          <span className="block text-xs uppercase tracking-wide text-muted">← Previous</span>
          <span className="line-clamp-2 font-serif">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link
          href={next.url}
          rel="next"
          className="rounded-lg border border-line p-3 text-right hover:bg-accent-soft"
        >
          <span className="block text-xs uppercase tracking-wide text-muted">Next →</span>
          <span className="line-clamp-2 font-serif">{next.title}</span>
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

export default async function ChapterReaderPage({ params }: Props) {
  const { groupId, textId, chapterId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/texts/${textId}/chapters/${chapterId}`,
    "texts.view",
    { type: "chapter", id: chapterId },
  );
  // One statement for everything per reader (the chapter's version among it); the chapter
  // itself comes from the in-process cache of that version.
  const data = await loadReaderPage({
    userId: user.id,
    groupId: access.groupId,
    chapterId,
    withSessions: can(access.role, "sessions.view"),
  });
  const { chapter } = await getChapterAt(chapterId, data.version);
  if (chapter.groupId !== groupId || chapter.textId !== textId || access.groupId !== groupId)
    notFound();
  const position = chapter.chapters.findIndex((row) => row.id === chapter.id) + 1;
  const hideAfter = hiddenAfterFromProgress(
    data.hideCommentsBeyondProgress,
    data.progress,
    chapter.paragraphs.map((paragraph) => paragraph.id),
  );

  return (
    <div data-wide-page className="xl:mx-[calc(50%-min(48rem,50vw-1.5rem))]">
      <ThemeScript />
      <div className="grid gap-x-10 lg:grid-cols-[minmax(0,1fr)_17rem] xl:grid-cols-[13rem_minmax(0,1fr)_18rem]">
        {/* One table of contents: above the text (its column) below xl, the first column at xl. */}
        <div className="mx-auto w-full min-w-0 max-w-[65ch] lg:col-start-1 lg:row-start-1 xl:mx-0 xl:max-w-none">
          <TableOfContents
            groupId={chapter.groupId}
            textId={chapter.textId}
            textTitle={chapter.text.title}
            chapters={chapter.chapters.map((row) => [row.id, row.title] as const)}
            currentId={chapter.id}
          />
        </div>
        <article
          className="min-w-0 lg:col-start-1 lg:row-start-2 xl:col-start-2 xl:row-start-1"
          aria-labelledby="chapter-title"
        >
          <div className="mx-auto max-w-[65ch]">
            <header className="mb-8 border-b border-line pb-5">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <p className="text-sm text-muted">
                  <Link href={chapter.text.url} className="hover:underline">
                    {chapter.text.title}
                  </Link>
                  {chapter.text.author ? ` · ${chapter.text.author}` : ""}
                </p>
                <ReaderControls />
              </div>
              <h1
                id="chapter-title"
                className="mt-3 font-serif text-3xl font-semibold leading-tight"
              >
                {chapter.title}
              </h1>
              <p className="mt-2 text-sm text-muted">
                Chapter {position} of {chapter.chapters.length} ·{" "}
                {formatCount(chapter.wordCount, WORDS)} · about{" "}
                {Math.max(1, Math.round(chapter.wordCount / 230))} min
                {can(access.role, "texts.edit") ? (
                  <>
                    {" · "}
                    <Link
                      href={chapter.text.url}
                      className="text-accent underline underline-offset-2"
                    >
                      Edit outline
                    </Link>
                  </>
                ) : null}
              </p>
            </header>
            <ChapterRecapList recaps={data.recaps} />
            <ChapterText key={data.version} chapterId={chapter.id} version={data.version} />
            <ChapterNav previous={chapter.previous} next={chapter.next} />
          </div>
        </article>
        <aside
          aria-label="Margin comments"
          data-comment-margin
          className="relative min-w-0 lg:col-start-2 lg:row-start-2 lg:pl-10 xl:col-start-3 xl:row-start-1"
        >
          <CommentMargin
            chapterId={chapter.id}
            user={{ id: user.id, name: user.name }}
            members={data.members}
            canModerate={can(access.role, "comments.moderate")}
            hideAfterParagraphIndex={hideAfter}
            session={data.nextSession}
          />
        </aside>
      </div>
      <ReadingProgressTracker chapterId={chapter.id} />
    </div>
  );
}
