import type { Outline } from "@/lib/texts/import/types";

/** The outline command's JSON (docs/outline.md): also what an import preview returns. */
export type TOutlineJson = {
  title: string;
  author: string | null;
  chapters: { title: string; paragraphs: string[] }[];
};

export function outlineToJson(outline: Outline): TOutlineJson {
  return {
    title: outline.title,
    author: outline.author,
    chapters: outline.chapters.map((chapter) => ({
      title: chapter.title,
      paragraphs: chapter.blocks.map((block) => block.text),
    })),
  };
}

/** Words as the library counts them (chapter and text word counts). */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
}
