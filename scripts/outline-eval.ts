/**
 * npm run outline:eval [-- [--json[=file]] [--verbose] [folder-filter …]]
 * Scores the importer on the real texts of tests/corpus (format in tests/corpus/README.md):
 * one line per text, then the means and tables per kind and per language. Exits 1 when the
 * mean chapter F1 is under 0.97 or any paragraph, absence or join check fails.
 */
import { writeFileSync } from "node:fs";
import { loadCorpus } from "@/scripts/lib/outline-eval/corpus";
import { checksFailed, evaluateEntry, summarise } from "@/scripts/lib/outline-eval/evaluate";
import type { EntryResult } from "@/scripts/lib/outline-eval/evaluate";
import {
  formatEntryDetails,
  formatEntryLine,
  formatSummary,
} from "@/scripts/lib/outline-eval/report";

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((arg) => arg !== "--");
  const jsonArg = args.find((arg) => arg === "--json" || arg.startsWith("--json="));
  const verbose = args.includes("--verbose") || args.includes("-v");
  const filters = args.filter((arg) => !arg.startsWith("-"));
  const entries = loadCorpus(undefined, filters);
  if (entries.length === 0) {
    process.stderr.write("outline:eval: no corpus entries found in tests/corpus.\n");
    return 1;
  }
  const width = Math.max(
    ...entries.map((e) => `${e.truth.kind} ${e.truth.language} ${e.slug}`.length),
  );
  // With --json alone the machine output owns stdout, so the human lines go to stderr.
  const human = jsonArg === "--json" ? process.stderr : process.stdout;
  const results: EntryResult[] = [];
  for (const entry of entries) {
    const result = await evaluateEntry(entry);
    results.push(result);
    human.write(`${formatEntryLine(result, width)}\n`);
    const failed = result.error !== null || checksFailed(result) > 0 || result.f1 < 1;
    if (verbose || failed) {
      const details = formatEntryDetails(result);
      if (details.length > 0 && (verbose || result.f1 < 0.97 || checksFailed(result) > 0))
        human.write(`${details.join("\n")}\n`);
    }
  }
  const summary = summarise(results);
  human.write(`\n${formatSummary(summary).join("\n")}\n`);
  if (jsonArg) {
    const json = `${JSON.stringify({ summary, results }, null, 2)}\n`;
    if (jsonArg === "--json") process.stdout.write(json);
    else writeFileSync(jsonArg.slice("--json=".length), json);
  }
  return summary.passed ? 0 : 1;
}

process.exitCode = await main();
