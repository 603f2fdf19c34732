/**
 * The page sweep shared by the journeys-main-pages-* files: every main page, signed out and then
 * as the demo organiser, checked with axe-core (no serious or critical violation) and, on a
 * phone, for sideways scrolling. Prints one line per page for the closing notes.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { newPage, signInThroughUi } from "@/tests/e2e/helpers/browser";
import { demoGroupPages, pageLabel, SIGNED_OUT_PAGES } from "@/tests/e2e/helpers/main-pages";
import { auditPage, describeFindings, type PageReport } from "@/tests/e2e/helpers/page-checks";
import {
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  type E2eApp,
  leaveFailureEvidence,
} from "@/tests/e2e/helpers/setup-e2e-app";

/** Generous for a busy 2-core machine: about 30 pages, each loaded, hydrated and checked. */
const SWEEP_TIMEOUT_MS = 300_000;

export function sweepMainPages(
  app: E2eApp,
  viewport: {
    name: string;
    options: BrowserContextOptions;
    checkOverflow: boolean;
    /** Pages axe runs on (all when absent): the phone pass repeats the desktop's on a few. */
    axeOn?: RegExp;
  },
): void {
  const reports: PageReport[] = [];

  afterAll(() => {
    for (const report of reports)
      console.log(
        `[axe] ${report.viewport.padEnd(7)} ${pageLabel(report.path).padEnd(34)} ${
          !report.axe
            ? "(axe not run)"
            : report.axe.length
              ? describeFindings(report.axe)
              : "no serious/critical"
        }${report.axeMinor?.length ? ` | minor/moderate: ${describeFindings(report.axeMinor)}` : ""}${
          report.overflowPx > 0 ? ` | ${report.overflowPx}px sideways` : ""
        }`,
      );
  });

  async function sweep(page: Page, paths: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const pathname of paths) {
      // One broken page must not hide what the others would show.
      const axe = !viewport.axeOn || viewport.axeOn.test(pathname);
      const report = await auditPage(page, pathname, viewport.name, { axe }).catch(
        async (error: unknown) => {
          problems.push(`${pathname}: ${String(error).split("\n")[0]}`);
          // The page is reused for the next path: what it shows now is the only evidence.
          await leaveFailureEvidence(page, `failed-sweep-${viewport.name}-${pathname}`);
          return undefined;
        },
      );
      if (!report) continue;
      reports.push(report);
      if (report.axe?.length) problems.push(`${pathname}: ${describeFindings(report.axe)}`);
      if (viewport.checkOverflow && report.overflowPx > 0)
        problems.push(
          `${pathname}: ${report.overflowPx}px wider than the screen (${report.culprits.join(", ")})`,
        );
    }
    return problems;
  }

  it(
    `no serious or critical axe violation on any main page${
      viewport.checkOverflow ? ", and none scrolls sideways" : ""
    }`,
    async () => {
      const page = await newPage(app.browser(), app.url(), viewport.options);
      try {
        const problems = await sweep(page, SIGNED_OUT_PAGES);
        await signInThroughUi(page, DEMO_ORGANISER, DEMO_PASSWORD);
        problems.push(...(await sweep(page, await demoGroupPages())));
        expect(problems).toEqual([]);
        expect(reports.length).toBeGreaterThanOrEqual(20);
      } finally {
        await page.context().close();
      }
    },
    SWEEP_TIMEOUT_MS,
  );
}
