import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";

export const ZPasteImportInput = z.object({
  title: z.string().trim().max(300, "Keep the title under 300 characters").optional(),
  text: z.string({ error: "Paste the text to import" }),
});
/** Import from a web address: the server fetches it (http/https, public addresses only). */
export const ZUrlImportInput = z.object({
  url: z
    .string({ error: "Give the address of the page or file" })
    .trim()
    .min(1, "Give the address of the page or file")
    .max(2000, "Keep the address under 2000 characters"),
});
export type TUrlImportInput = z.infer<typeof ZUrlImportInput>;

export type TPasteImportInput = z.infer<typeof ZPasteImportInput>;

const chapterTitle = z
  .string({ error: "Give the chapter a title" })
  .trim()
  .min(1, "Give the chapter a title")
  .max(300, "Keep the title under 300 characters");

export const ZRenameChapterInput = z.object({ title: chapterTitle });
export type TRenameChapterInput = z.infer<typeof ZRenameChapterInput>;

export const ZSplitChapterInput = z.object({
  paragraphId: z.string({ error: "Choose the paragraph the new chapter starts with" }).min(1),
  title: chapterTitle,
});
export type TSplitChapterInput = z.infer<typeof ZSplitChapterInput>;

export const ZMergeChapterInput = z.object({
  /** The neighbour merged into this chapter; its paragraphs are appended (next) or prepended (previous). */
  with: z
    .enum(["next", "previous"], { error: 'with must be "next" or "previous"' })
    .default("next"),
});
export type TMergeChapterInput = z.infer<typeof ZMergeChapterInput>;

export const ZSearchQuery = z.object({
  q: z
    .string({ error: "Type something to search for" })
    .trim()
    .min(1, "Type something to search for")
    .max(200, "Keep the search under 200 characters"),
  textId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TSearchQuery = z.infer<typeof ZSearchQuery>;

export const textSummarySelect = {
  id: true,
  groupId: true,
  title: true,
  author: true,
  year: true,
  language: true,
  sourceFormat: true,
  sourceFileName: true,
  wordCount: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { chapters: true } },
} satisfies Prisma.TextSelect;

export const chapterSummarySelect = {
  id: true,
  title: true,
  index: true,
  wordCount: true,
} satisfies Prisma.ChapterSelect;

/**
 * A well-formed BCP 47 tag in its canonical case ("EN-gb" → "en-GB"), or null. Intl checks
 * the tag's syntax; the primary subtag must be a language (2–3 letters), not a private use.
 */
export function canonicalLanguageTag(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && /^[a-z]{2,3}(?:-|$)/.test(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

/**
 * PATCH /api/texts/{textId}: correct what the importer guessed. An empty author or language
 * clears it; a language must be a BCP 47 tag.
 */
export const ZUpdateTextDetailsInput = z
  .object({
    title: z
      .string({ error: "title must be text" })
      .trim()
      .min(1, "Give the text a title")
      .max(300, "Keep the title under 300 characters")
      .optional(),
    author: z
      .string({ error: "author must be text (empty to clear it)" })
      .trim()
      .max(300, "Keep the author under 300 characters")
      .nullable()
      .optional()
      .transform((author) => (author === "" ? null : author)),
    language: z
      .string({ error: "language must be a language tag such as en or fr-CA (empty to clear it)" })
      .trim()
      .max(35, "Keep the language tag under 35 characters")
      .nullable()
      .optional()
      .transform((language, context) => {
        if (language === undefined) return undefined;
        if (language === null || language === "") return null;
        const canonical = canonicalLanguageTag(language);
        if (!canonical) {
          context.addIssue({
            code: "custom",
            message: "Give a BCP 47 language tag such as en, fr or pt-BR",
          });
          return z.NEVER;
        }
        return canonical;
      }),
  })
  .refine(
    (input) =>
      input.title !== undefined || input.author !== undefined || input.language !== undefined,
    { error: "Send a title, an author or a language to change" },
  );
export type TUpdateTextDetailsInput = z.infer<typeof ZUpdateTextDetailsInput>;
