import type { EntryResult, GroupRow, Summary } from "./evaluate";

const mark = (passed: boolean) => (passed ? "✓" : "✗");

function ratio(checks: { passed: boolean }[]): string {
  return `${checks.filter((c) => c.passed).length}/${checks.length}`;
}

/** One line per text: `kind lang slug  F1 0.97  paragraphs 5/5  absent 3/3  joined 2/2  …`. */
export function formatEntryLine(result: EntryResult, slugWidth = 0): string {
  const head = `${result.kind} ${result.language} ${result.slug}`.padEnd(slugWidth);
  const line =
    `${head}  F1 ${result.f1.toFixed(2)}  paragraphs ${ratio(result.paragraphs)}  ` +
    `absent ${ratio(result.absent)}  joined ${ratio(result.joined)}  ` +
    `title ${mark(result.title.passed)} author ${mark(result.author.passed)} ` +
    `lang ${mark(result.lang.passed)}  ${result.seconds.toFixed(2)} s`;
  return result.error ? `${line}  ERROR ${result.error}` : line;
}

/** What failed in one text, indented under its line (only with --verbose or on failure). */
export function formatEntryDetails(result: EntryResult): string[] {
  const lines: string[] = [];
  if (result.f1 < 1) {
    lines.push(
      `    chapters: ${result.chapters.matched} matched, ${result.chapters.produced.length} produced, ${result.chapters.truthCount} in truth`,
    );
    lines.push(`    produced: ${JSON.stringify(result.chapters.produced.slice(0, 60))}`);
  }
  for (const check of result.paragraphs.filter((c) => !c.passed))
    lines.push(`    paragraph missing: ${check.expected.slice(0, 100)}`);
  for (const check of result.absent.filter((c) => !c.passed))
    lines.push(`    present but should be absent: ${check.expected}`);
  for (const check of result.joined.filter((c) => !c.passed))
    lines.push(`    not joined: ${check.expected}`);
  if (!result.title.passed)
    lines.push(
      `    title: ${JSON.stringify(result.title.actual)} ≠ ${JSON.stringify(result.title.expected)}`,
    );
  if (!result.author.passed)
    lines.push(
      `    author: ${JSON.stringify(result.author.actual)} ≠ ${JSON.stringify(result.author.expected)}`,
    );
  if (!result.lang.passed)
    lines.push(
      `    language: ${JSON.stringify(result.lang.actual)} ≠ ${JSON.stringify(result.lang.expected)}`,
    );
  return lines;
}

function table(heading: string, rows: GroupRow[]): string[] {
  const width = Math.max(heading.length, ...rows.map((r) => r.group.length));
  return [
    `${heading.padEnd(width)}  texts  mean F1  checks`,
    ...rows.map(
      (r) =>
        `${r.group.padEnd(width)}  ${String(r.texts).padStart(5)}  ${r.meanF1.toFixed(3).padStart(7)}  ${r.checks}`,
    ),
  ];
}

export function formatSummary(summary: Summary): string[] {
  const c = (x: { passed: number; total: number }) => `${x.passed}/${x.total}`;
  return [
    `texts ${summary.texts}  mean chapter F1 ${summary.meanF1.toFixed(3)}  paragraphs ${c(summary.paragraphs)}  absent ${c(summary.absent)}  joined ${c(summary.joined)}`,
    `titles ${c(summary.titles)}  authors ${c(summary.authors)}  languages ${c(summary.languages)}  (reported, not thresholded)`,
    "",
    ...table("kind", summary.byKind),
    "",
    ...table("language", summary.byLanguage),
    "",
    summary.passed ? "PASS" : "FAIL (mean chapter F1 < 0.97, a failed check or an import error)",
  ];
}
