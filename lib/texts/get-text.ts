import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { chapterPath, textPath } from "@/lib/texts/reader-urls";
import { chapterSummarySelect, textSummarySelect } from "@/lib/texts/text-schemas";
import type { TTextSummary } from "@/lib/texts/list-texts";

export type TTextChapter = {
  id: string;
  title: string;
  index: number;
  wordCount: number;
  paragraphCount: number;
  url: string;
};
export type TTextWithChapters = TTextSummary & { groupId: string; chapters: TTextChapter[] };

/** A text with its table of contents (the caller has authorised `texts.view` on the text). */
export async function getText(textId: string): Promise<TTextWithChapters> {
  const text = await db.text.findUnique({
    where: { id: textId },
    select: {
      ...textSummarySelect,
      chapters: {
        orderBy: { index: "asc" },
        select: { ...chapterSummarySelect, _count: { select: { paragraphs: true } } },
      },
    },
  });
  if (!text) throw new AppError("not_found", "Text not found");
  return {
    id: text.id,
    groupId: text.groupId,
    title: text.title,
    author: text.author,
    year: text.year,
    language: text.language,
    sourceFormat: text.sourceFormat,
    wordCount: text.wordCount,
    chapterCount: text._count.chapters,
    createdAt: text.createdAt.toISOString(),
    url: textPath(text.groupId, text.id),
    chapters: text.chapters.map((chapter) => ({
      id: chapter.id,
      title: chapter.title,
      index: chapter.index,
      wordCount: chapter.wordCount,
      paragraphCount: chapter._count.paragraphs,
      url: chapterPath(text.groupId, text.id, chapter.id),
    })),
  };
}
