import { Pin } from "lucide-react";
import Link from "next/link";
import { renderDocumentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import { listChapterRecaps, type TChapterRecap } from "@/lib/sessions/live/list-recaps";

/**
 * Recaps that sessions pinned to this chapter, shown at the top of the chapter (a server
 * component; the page has already checked the reader may read the chapter).
 */
export async function ChapterRecaps({ chapterId }: { chapterId: string }) {
  return <ChapterRecapList recaps={await listChapterRecaps(chapterId)} />;
}

/** The same, for a page that has loaded the recaps with the rest of its data. */
export function ChapterRecapList({ recaps }: { recaps: TChapterRecap[] }) {
  if (recaps.length === 0) return null;
  return (
    <section aria-label="Session recaps" className="mb-6 space-y-2" data-testid="chapter-recaps">
      {recaps.map((recap) => (
        <div key={recap.id} className="rounded-md border border-line bg-accent-soft/50 p-3 text-sm">
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">
            <Pin aria-hidden className="mr-1 inline h-3.5 w-3.5 align-[-2px]" />
            Recap from{" "}
            <Link
              href={`/groups/${recap.session.groupId}/sessions/${recap.session.id}`}
              className="hover:underline"
            >
              {recap.session.title}
            </Link>
          </p>
          <div
            className="comment-body"
            // renderDocumentMarkdown: raw HTML escaped, output through the allow-list sanitiser.
            dangerouslySetInnerHTML={{ __html: renderDocumentMarkdown(recap.body) }}
          />
        </div>
      ))}
    </section>
  );
}
