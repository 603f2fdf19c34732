/**
 * Every main page, signed out and as the demo group's organiser, at desktop (1440×900) and phone
 * (390×844) width: axe-core finds no serious or critical violation, and at phone width no page
 * scrolls sideways. Prints one line per page with what axe found, for the closing notes.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { DESKTOP, newPage, PHONE, signInThroughUi } from "@/tests/e2e/helpers/browser";
import { demoGroupPages, pageLabel, SIGNED_OUT_PAGES } from "@/tests/e2e/helpers/main-pages";
import { auditPage, describeFindings, type PageReport } from "@/tests/e2e/helpers/page-checks";
import { DEMO_ORGANISER, DEMO_PASSWORD, setupE2eApp } from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();
const reports: PageReport[] = [];

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: "desktop", options: { viewport: DESKTOP } },
  { name: "phone", options: { viewport: PHONE, isMobile: true, hasTouch: true } },
];

afterAll(() => {
  for (const report of reports)
    console.log(
      `[axe] ${report.viewport.padEnd(7)} ${pageLabel(report.path).padEnd(34)} ${
        report.axe.length === 0 ? "no serious/critical" : describeFindings(report.axe)
      }${report.overflowPx > 0 ? ` | ${report.overflowPx}px sideways` : ""}`,
    );
});

async function sweep(page: Page, viewport: string, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const pathname of paths) {
    // One broken page must not hide what the others would show.
    const report = await auditPage(page, pathname, viewport).catch((error: unknown) => {
      problems.push(`${pathname}: ${String(error).split("\n")[0]}`);
      return undefined;
    });
    if (!report) continue;
    reports.push(report);
    if (report.axe.length > 0) problems.push(`${pathname}: ${describeFindings(report.axe)}`);
    if (viewport === "phone" && report.overflowPx > 0)
      problems.push(
        `${pathname}: ${report.overflowPx}px wider than the screen (${report.culprits.join(", ")})`,
      );
  }
  return problems;
}

describe.each(VIEWPORTS)("main pages at $name width", ({ name, options }) => {
  it("no serious or critical axe violation; nothing scrolls sideways on a phone", async () => {
    const page = await newPage(app.browser(), app.url(), options);
    try {
      const problems = await sweep(page, name, SIGNED_OUT_PAGES);
      await signInThroughUi(page, DEMO_ORGANISER, DEMO_PASSWORD);
      problems.push(...(await sweep(page, name, await demoGroupPages())));
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
