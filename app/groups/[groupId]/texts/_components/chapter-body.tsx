import { ChapterRecaps } from "@/app/_components/live/chapter-recaps";
import type { TReaderParagraph } from "@/lib/texts/get-chapter";
import { ReaderParagraph } from "./reader-paragraph";

/** A chapter's text as the reader and the live room show it: pinned recaps, then its paragraphs. */
export function ChapterBody({
  chapter,
}: {
  chapter: { id: string; paragraphs: TReaderParagraph[] };
}) {
  return (
    <>
      <ChapterRecaps chapterId={chapter.id} />
      <div className="reader-text" data-chapter-id={chapter.id}>
        {chapter.paragraphs.map((paragraph) => (
          <ReaderParagraph key={paragraph.id} paragraph={paragraph} />
        ))}
      </div>
    </>
  );
}
