import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The truth file every corpus folder holds (format in tests/corpus/README.md). */
export const truthSchema = z.object({
  origin: z.string().min(1),
  kind: z.string().min(1),
  fileName: z.string().min(1).optional(),
  paste: z.boolean().optional().default(false),
  language: z.string().min(2),
  title: z.string().min(1),
  author: z.string().nullable(),
  chapters: z.array(z.union([z.string(), z.array(z.string()).min(1)])).min(1),
  paragraphs: z.array(z.string().min(1)).default([]),
  absent: z.array(z.string().min(1)).default([]),
  joined: z.array(z.string().min(1)).default([]),
});

export type Truth = z.infer<typeof truthSchema>;

export type CorpusEntry = {
  /** The folder name, `<kind>-<lang>-<slug>`. */
  slug: string;
  folder: string;
  sourcePath: string;
  truth: Truth;
};

export const DEFAULT_CORPUS_DIR = path.join(process.cwd(), "tests", "corpus");

/** Folders of the corpus directory that hold a truth file, sorted by name. */
export function listCorpusFolders(corpusDir = DEFAULT_CORPUS_DIR): string[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => existsSync(path.join(corpusDir, name, "truth.json")))
    .sort();
}

export function loadCorpusEntry(slug: string, corpusDir = DEFAULT_CORPUS_DIR): CorpusEntry {
  const folder = path.join(corpusDir, slug);
  const raw: unknown = JSON.parse(readFileSync(path.join(folder, "truth.json"), "utf8"));
  const parsed = truthSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${slug}/truth.json is not valid: ${z.prettifyError(parsed.error)}`);
  }
  const sources = readdirSync(folder).filter((name) => /^source\.[^.]+$/.test(name));
  if (sources.length !== 1 || !sources[0]) {
    throw new Error(`${slug} must hold exactly one source.<ext> file (found ${sources.length}).`);
  }
  return { slug, folder, sourcePath: path.join(folder, sources[0]), truth: parsed.data };
}

export function loadCorpus(corpusDir = DEFAULT_CORPUS_DIR, only: string[] = []): CorpusEntry[] {
  return listCorpusFolders(corpusDir)
    .filter((slug) => only.length === 0 || only.some((part) => slug.includes(part)))
    .map((slug) => loadCorpusEntry(slug, corpusDir));
}
