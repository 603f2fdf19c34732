import { readFileSync } from "node:fs";
import path from "node:path";
import { parsePastedText, parseTextFile } from "@/lib/texts/import/parse-text-file";
import type { Outline } from "@/lib/texts/import/types";
import type { CorpusEntry } from "./corpus";
import { containsWord, matchedInOrder, normaliseSpace, normaliseTitle } from "./normalise";

export type CheckResult = { expected: string; passed: boolean };

export type EntryResult = {
  slug: string;
  kind: string;
  language: string;
  /** Set when the importer threw: every check of the entry then fails. */
  error: string | null;
  chapters: { produced: string[]; truthCount: number; matched: number };
  precision: number;
  recall: number;
  f1: number;
  paragraphs: CheckResult[];
  absent: CheckResult[];
  joined: CheckResult[];
  title: { expected: string; actual: string | null; passed: boolean };
  author: { expected: string | null; actual: string | null; passed: boolean };
  lang: { expected: string; actual: string | null; passed: boolean };
  seconds: number;
};

export type Summary = {
  texts: number;
  meanF1: number;
  paragraphs: { passed: number; total: number };
  absent: { passed: number; total: number };
  joined: { passed: number; total: number };
  titles: { passed: number; total: number };
  authors: { passed: number; total: number };
  languages: { passed: number; total: number };
  /** Mean F1 and check counts per truth `kind` and per language (primary subtag of `language`). */
  byKind: GroupRow[];
  byLanguage: GroupRow[];
  /** Thresholds of the issue: mean F1 ≥ MIN_MEAN_F1 and every check passing. */
  passed: boolean;
};

export type GroupRow = { group: string; texts: number; meanF1: number; checks: string };

export const MIN_MEAN_F1 = 0.97;

/** The parse the import preview runs: the upload parser, or the paste parser for `paste: true`. */
export async function parseEntry(entry: CorpusEntry): Promise<Outline> {
  const bytes = new Uint8Array(readFileSync(entry.sourcePath));
  if (entry.truth.paste) return parsePastedText(new TextDecoder("utf-8").decode(bytes));
  const fileName = entry.truth.fileName ?? path.basename(entry.sourcePath);
  return parseTextFile({ fileName, bytes });
}

/** The primary subtag of a BCP 47 tag, lower-cased: "en-US" → "en". */
export function primaryLanguage(tag: string): string {
  return (tag.split("-")[0] ?? tag).toLowerCase();
}

function languageMatches(expected: string, actual: string | null): boolean {
  if (!actual) return false;
  const want = normaliseTitle(expected);
  const got = normaliseTitle(actual);
  // A truth without a region ("en") accepts any region the importer adds ("en-GB").
  return want === got || (!want.includes(" ") && got.split(" ")[0] === want);
}

export function scoreOutline(
  entry: CorpusEntry,
  outline: Outline | null,
  error: string | null,
  seconds: number,
): EntryResult {
  const { truth } = entry;
  const produced = outline ? outline.chapters.map((chapter) => normaliseTitle(chapter.title)) : [];
  const truthTitles = truth.chapters.map((item) =>
    (Array.isArray(item) ? item : [item]).map(normaliseTitle),
  );
  const matched = matchedInOrder(produced, truthTitles);
  const precision = produced.length === 0 ? 0 : matched / produced.length;
  const recall = truthTitles.length === 0 ? 0 : matched / truthTitles.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  const blocks = outline
    ? outline.chapters.flatMap((chapter) => chapter.blocks.map((b) => normaliseSpace(b.text)))
    : [];
  const blockSet = new Set(blocks);
  const titles = outline ? outline.chapters.map((chapter) => normaliseSpace(chapter.title)) : [];
  const fields = outline ? [outline.title, outline.author ?? ""].map(normaliseSpace) : [];
  const everything = [...fields, ...titles, ...blocks];
  const wholeText = normaliseSpace([...titles, ...blocks].join(" "));

  const paragraphs = truth.paragraphs.map((expected) => ({
    expected,
    passed: outline !== null && blockSet.has(normaliseSpace(expected)),
  }));
  const absent = truth.absent.map((expected) => {
    const needle = normaliseSpace(expected);
    return { expected, passed: outline !== null && !everything.some((t) => t.includes(needle)) };
  });
  const joined = truth.joined.map((expected) => ({
    expected,
    passed: outline !== null && containsWord(wholeText, normaliseSpace(expected)),
  }));
  const actualTitle = outline?.title ?? null;
  const actualAuthor = outline ? outline.author : null;
  const actualLanguage = outline?.language ?? null;
  return {
    slug: entry.slug,
    kind: truth.kind,
    language: truth.language,
    error,
    chapters: {
      produced: outline?.chapters.map((c) => c.title) ?? [],
      truthCount: truthTitles.length,
      matched,
    },
    precision,
    recall,
    f1,
    paragraphs,
    absent,
    joined,
    title: {
      expected: truth.title,
      actual: actualTitle,
      passed: actualTitle !== null && normaliseTitle(actualTitle) === normaliseTitle(truth.title),
    },
    author: {
      expected: truth.author,
      actual: actualAuthor,
      passed:
        outline !== null &&
        (truth.author === null
          ? actualAuthor === null
          : actualAuthor !== null && normaliseTitle(actualAuthor) === normaliseTitle(truth.author)),
    },
    lang: {
      expected: truth.language,
      actual: actualLanguage,
      passed: languageMatches(truth.language, actualLanguage),
    },
    seconds,
  };
}

export async function evaluateEntry(entry: CorpusEntry): Promise<EntryResult> {
  const started = performance.now();
  let outline: Outline | null = null;
  let error: string | null = null;
  try {
    outline = await parseEntry(entry);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  return scoreOutline(entry, outline, error, (performance.now() - started) / 1000);
}

export function checksFailed(result: EntryResult): number {
  return [...result.paragraphs, ...result.absent, ...result.joined].filter((c) => !c.passed).length;
}

function count(results: EntryResult[], pick: (r: EntryResult) => CheckResult[] | boolean) {
  let passed = 0;
  let total = 0;
  for (const result of results) {
    const value = pick(result);
    const checks = typeof value === "boolean" ? [{ expected: "", passed: value }] : value;
    total += checks.length;
    passed += checks.filter((c) => c.passed).length;
  }
  return { passed, total };
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function groupRows(results: EntryResult[], key: (r: EntryResult) => string): GroupRow[] {
  const groups = new Map<string, EntryResult[]>();
  for (const result of results) {
    const name = key(result);
    groups.set(name, [...(groups.get(name) ?? []), result]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, members]) => {
      const checks = count(members, (r) => [...r.paragraphs, ...r.absent, ...r.joined]);
      return {
        group,
        texts: members.length,
        meanF1: mean(members.map((m) => m.f1)),
        checks: `${checks.passed}/${checks.total}`,
      };
    });
}

export function summarise(results: EntryResult[]): Summary {
  const meanF1 = mean(results.map((r) => r.f1));
  const paragraphs = count(results, (r) => r.paragraphs);
  const absent = count(results, (r) => r.absent);
  const joined = count(results, (r) => r.joined);
  const anyError = results.some((r) => r.error !== null);
  return {
    texts: results.length,
    meanF1,
    paragraphs,
    absent,
    joined,
    titles: count(results, (r) => r.title.passed),
    authors: count(results, (r) => r.author.passed),
    languages: count(results, (r) => r.lang.passed),
    byKind: groupRows(results, (r) => r.kind),
    // "en" and "en-US" are one language for the table: group by the primary subtag.
    byLanguage: groupRows(results, (r) => primaryLanguage(r.language)),
    passed:
      results.length > 0 &&
      !anyError &&
      meanF1 >= MIN_MEAN_F1 &&
      paragraphs.passed === paragraphs.total &&
      absent.passed === absent.total &&
      joined.passed === joined.total,
  };
}

export async function evaluateCorpus(entries: CorpusEntry[]): Promise<EntryResult[]> {
  const results: EntryResult[] = [];
  for (const entry of entries) results.push(await evaluateEntry(entry));
  return results;
}
