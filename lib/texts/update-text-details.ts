import { db } from "@/lib/db/prisma";
import type { TUpdateTextDetailsInput } from "@/lib/texts/text-schemas";

/**
 * A text's title, author and language as the group wants them (the importer guesses both from the file;
 * the caller has authorised `texts.edit` on the text). Everything that names the text reads it
 * from this row, so the library, sessions, feeds and notifications follow.
 */
export async function updateTextDetails(textId: string, input: TUpdateTextDetailsInput) {
  return db.text.update({
    where: { id: textId },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.author !== undefined ? { author: input.author } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
    },
    select: { id: true, title: true, author: true, language: true },
  });
}
