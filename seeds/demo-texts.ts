/**
 * The demo library: the five seed texts in this folder, imported into the demo group through
 * the same use case as an upload, with the titles, authors and years of manifest.json.
 * Idempotent: a text already imported from the same file is skipped.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { db } from "@/lib/db/prisma";
import { importText } from "@/lib/texts/import-text";

const ZManifest = z.array(
  z.object({
    file: z.string().min(1),
    title: z.string().min(1),
    author: z.string().nullable(),
    year: z.number().int().nullable(),
    language: z.string().nullable(),
    /** Editorial remarks about the entry (never shown as part of the title). */
    note: z.string().optional(),
  }),
);
export type TSeedManifestEntry = z.infer<typeof ZManifest>[number];

const SEEDS_DIR = new URL(".", import.meta.url);

export async function readSeedManifest(): Promise<TSeedManifestEntry[]> {
  const raw = await readFile(new URL("manifest.json", SEEDS_DIR), "utf8");
  return ZManifest.parse(JSON.parse(raw));
}

export async function seedDemoTexts({
  groupId,
  importedById,
  log,
}: {
  groupId: string;
  importedById: string | null;
  log: (line: string) => void;
}): Promise<{ imported: string[]; skipped: string[] }> {
  const manifest = await readSeedManifest();
  const imported: string[] = [];
  const skipped: string[] = [];
  for (const [position, entry] of manifest.entries()) {
    const prefix = `Demo library [${position + 1}/${manifest.length}] ${entry.title}`;
    const existing = await db.text.findFirst({
      where: { groupId, sourceFileName: entry.file },
      select: { id: true },
    });
    if (existing) {
      log(`${prefix}: already there`);
      skipped.push(existing.id);
      continue;
    }
    const started = Date.now();
    const bytes = new Uint8Array(await readFile(new URL(entry.file, SEEDS_DIR)));
    const text = await importText({
      groupId,
      importedById,
      source: { kind: "file", file: { fileName: entry.file, bytes } },
      metadata: {
        title: entry.title,
        author: entry.author,
        year: entry.year,
        language: entry.language,
      },
      onProgress: (progress) => {
        if (progress.stage === "store" && progress.done === progress.total)
          log(`${prefix}: storing ${progress.total} paragraphs`);
      },
    });
    log(
      `${prefix}: ${text.chapterCount} ${text.chapterCount === 1 ? "chapter" : "chapters"}, ${text.wordCount.toLocaleString("en")} words (${Date.now() - started} ms)`,
    );
    imported.push(text.id);
  }
  return { imported, skipped };
}
