/**
 * One app per e2e file: its own database (demo data seeded), the real server, one Chromium.
 * Everything is closed in afterAll even when a test or a later hook fails; a failing test leaves
 * a screenshot and the console log of every open page in test-results/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";
import { consoleLog, launchBrowser } from "@/tests/e2e/helpers/browser";

/** Where a failed test leaves its screenshots and console logs (git-ignored). */
export const FAILURE_DIR = path.resolve("test-results");

export const DEMO_PASSWORD = "marginalia";
export const DEMO_ORGANISER = "organiser@marginalia.test";
export const DEMO_GROUP_ID = "demo-reading-group";

export type E2eApp = { url: () => string; browser: () => Browser };

/** Leaves the page's screenshot and console log in test-results/ under `stem`; says where. */
export async function leaveFailureEvidence(page: Page, stem: string): Promise<void> {
  mkdirSync(FAILURE_DIR, { recursive: true });
  const base = path.join(FAILURE_DIR, stem.replace(/[^a-z0-9._-]+/gi, "-").slice(0, 120));
  writeFileSync(`${base}.console.log`, `${page.url()}\n${consoleLog(page)}\n`);
  const shot = await page
    .screenshot({ path: `${base}.png`, fullPage: true })
    .then(() => `${base}.png`)
    .catch(() => undefined);
  console.error(`[e2e] ${page.url()}: ${shot ?? "no screenshot"}, console in ${base}.console.log`);
}

export function setupE2eApp(options: { seedDemo?: boolean } = {}): E2eApp {
  const database = withTestDatabase();
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Assigned one by one so afterAll closes whichever started when the other failed.
    const launching = launchBrowser().then((launched) => (browser = launched));
    const starting = startTestServer({
      databaseUrl: database.url(),
      env: { SEED_DEMO: options.seedDemo === false ? "false" : "true" },
    }).then((started) => (server = started));
    const results = await Promise.allSettled([launching, starting]);
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== "fail" || !browser) return;
    const pages = browser.contexts().flatMap((browserContext) => browserContext.pages());
    const stem = `failed-${context.task.name}`.slice(0, 110);
    for (const [index, page] of pages.entries())
      await leaveFailureEvidence(page, `${stem}-${index}`);
  });

  // Hooks run in reverse order after the tests (Vitest's "stack" order): browser and server go
  // first, then withTestDatabase drops the database they were using.
  afterAll(async () => {
    const results = await Promise.allSettled([browser?.close(), server?.stop()]);
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  });

  return {
    url: () => {
      if (!server)
        throw new Error("setupE2eApp: server not started (use it inside tests or hooks)");
      return server.url;
    },
    browser: () => {
      if (!browser)
        throw new Error("setupE2eApp: browser not launched (use it inside tests or hooks)");
      return browser;
    },
  };
}
