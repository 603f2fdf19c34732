/**
 * The outline corpus (tests/corpus): every real text is imported the way the preview imports
 * it and scored against its truth file, as `npm run outline:eval` does. CI fails when the
 * mean chapter F1 falls under 0.97 or any paragraph, absence or join check fails; one test
 * per text names the text that broke.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listCorpusFolders, loadCorpusEntry } from "@/scripts/lib/outline-eval/corpus";
import {
  evaluateEntry,
  MIN_MEAN_F1,
  summarise,
  type EntryResult,
} from "@/scripts/lib/outline-eval/evaluate";
import { formatEntryDetails } from "@/scripts/lib/outline-eval/report";

const slugs = listCorpusFolders();
const results = new Map<string, EntryResult>();

describe("outline corpus", () => {
  beforeAll(async () => {
    for (const slug of slugs) results.set(slug, await evaluateEntry(loadCorpusEntry(slug)));
  }, 240_000);

  it("holds real texts", () => {
    expect(slugs.length).toBeGreaterThanOrEqual(1);
  });

  it(`reaches a mean chapter F1 of at least ${MIN_MEAN_F1}`, () => {
    const summary = summarise([...results.values()]);
    const weakest = [...results.values()]
      .sort((a, b) => a.f1 - b.f1)
      .slice(0, 5)
      .map((r) => `${r.slug} ${r.f1.toFixed(2)}`)
      .join(", ");
    expect(summary.meanF1, `weakest texts: ${weakest}`).toBeGreaterThanOrEqual(MIN_MEAN_F1);
  });

  describe.each(slugs)("%s", (slug) => {
    it("imports, and every paragraph, absence and join check passes", () => {
      const result = results.get(slug);
      expect(result).toBeDefined();
      if (!result) return;
      expect(result.error).toBeNull();
      const failures = [...result.paragraphs, ...result.absent, ...result.joined].filter(
        (check) => !check.passed,
      );
      expect(failures, formatEntryDetails(result).join("\n")).toEqual([]);
    });
  });
});
