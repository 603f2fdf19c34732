/**
 * The checks every main page of a journey passes: axe-core finds no serious or critical
 * violation, and at phone width nothing scrolls sideways. Free of Vitest (the screenshots script
 * may use it); the tests assert on what these return.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { waitForHydration } from "@/tests/e2e/helpers/browser";

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export type AxeFinding = { id: string; impact: string; nodes: number; targets: string[] };

/** Serious and critical findings of axe-core on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  return (await axeFindings(page)).filter(isSerious);
}

export function isSerious(finding: AxeFinding): boolean {
  return finding.impact === "serious" || finding.impact === "critical";
}

/** Every axe-core finding, moderate and minor too (reported, not asserted). */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
  // govern (an injected <script> tag would be refused by it).
  await page.evaluate(`${axeSource};void 0`);
  // A client-side navigation swaps the content first and streams the new <title> after it (Next
  // hoists the streamed metadata); give it a moment so axe judges the page, not the swap. A page
  // that never gets a title still fails document-title below.
  await page
    .waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 3000 })
    .catch(() => undefined);
  // A fade still running (a button enabled a moment ago) has no settled colour to judge.
  await page.evaluate(async () => {
    const running = document.getAnimations().map((animation) => animation.finished);
    await Promise.race([
      Promise.allSettled(running),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
  });
  const found = await page.evaluate(async () => {
    type AxeResult = {
      violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run: (options: object) => Promise<AxeResult> } })
      .axe;
    const result = await axe.run({ resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? "unknown",
      nodes: violation.nodes.length,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
  });
  return found;
}

/**
 * How many CSS pixels the document is wider than the screen (0 when nothing scrolls sideways).
 * Measured against the viewport asked for: an emulated phone, like a real one, widens its layout
 * viewport (and innerWidth) to fit content that is too wide, which would hide the overflow.
 */
export async function horizontalOverflow(page: Page): Promise<{ px: number; culprits: string[] }> {
  const asked = page.viewportSize()?.width;
  return page.evaluate((asked) => {
    const width = Math.min(asked ?? window.innerWidth, window.innerWidth);
    const px = Math.max(0, document.documentElement.scrollWidth - width);
    const culprits: string[] = [];
    if (px > 0) {
      const wide = [...document.querySelectorAll<HTMLElement>("body *")].filter(
        (element) => element.getBoundingClientRect().right > width + 1,
      );
      for (const element of wide.filter((e) => !wide.some((o) => o !== e && o.contains(e))))
        culprits.push(
          `${element.tagName.toLowerCase()}.${element.className.toString().slice(0, 60)} "${(element.textContent ?? "").trim().slice(0, 30)}"`,
        );
    }
    return { px, culprits: culprits.slice(0, 5) };
  }, asked);
}

/** Waits until the page is hydrated, its fonts loaded and a frame painted. */
export async function settle(page: Page): Promise<void> {
  await waitForHydration(page.locator("main").first());
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

export type PageReport = {
  path: string;
  viewport: string;
  /** Serious and critical findings; undefined when axe was not run on this page. */
  axe?: AxeFinding[];
  /** Moderate and minor findings, for the report. */
  axeMinor?: AxeFinding[];
  overflowPx: number;
};

/** Opens the page, settles it and runs both checks; the test decides what to assert. */
export async function auditPage(
  page: Page,
  pathname: string,
  viewport: string,
  options: { axe: boolean } = { axe: true },
): Promise<PageReport & { culprits: string[] }> {
  const response = await page.goto(pathname, { waitUntil: "load" });
  if (!response || response.status() >= 400)
    throw new Error(`${pathname} answered ${response?.status()}`);
  await settle(page);
  const all = options.axe ? await axeFindings(page) : undefined;
  const overflow = await horizontalOverflow(page);
  return {
    path: pathname,
    viewport,
    axe: all?.filter(isSerious),
    axeMinor: all?.filter((finding) => !isSerious(finding)),
    overflowPx: overflow.px,
    culprits: overflow.culprits,
  };
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((finding) => `${finding.id} (${finding.impact}, ${finding.nodes}×: ${finding.targets[0]})`)
    .join("; ");
}
