import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { textPath } from "@/lib/texts/reader-urls";
import { textSummarySelect } from "@/lib/texts/text-schemas";

export type TTextSummary = {
  id: string;
  title: string;
  author: string | null;
  year: number | null;
  language: string | null;
  sourceFormat: string;
  wordCount: number;
  chapterCount: number;
  createdAt: string;
  url: string;
};

/** The group's library, newest first (the caller has authorised `texts.view` on the group). */
export async function listTexts(access: GroupAccess): Promise<TTextSummary[]> {
  const texts = await db.text.findMany({
    where: { groupId: access.groupId },
    orderBy: [{ createdAt: "desc" }, { title: "asc" }],
    select: textSummarySelect,
  });
  return texts.map((text) => ({
    id: text.id,
    title: text.title,
    author: text.author,
    year: text.year,
    language: text.language,
    sourceFormat: text.sourceFormat,
    wordCount: text.wordCount,
    chapterCount: text._count.chapters,
    createdAt: text.createdAt.toISOString(),
    url: textPath(text.groupId, text.id),
  }));
}
