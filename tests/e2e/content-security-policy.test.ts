/**
 * Issue 12 (7): the pages work under the nonce CSP. Signing in (a hydrated form), the reader
 * with its inline theme script, and the live socket all run with no CSP violation, while the
 * policy is really enforced (an inline script without the nonce does not run).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newPage, signInThroughUi, waitForHydration } from "@/tests/e2e/helpers/browser";
import { createDemoChapter } from "@/tests/e2e/helpers/reading";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

/** Chromium reports every blocked script, style, connection or frame on the console. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

describe("pages under the content security policy", () => {
  it("sign-in, the reader (theme script, live socket) run without a CSP violation", async () => {
    const created = await createDemoChapter({
      textTitle: "CSP text",
      chapterTitle: "Under policy",
      paragraphs: ["A first paragraph to read.", "A second paragraph to read."],
    });
    const page = await newPage(app.browser(), app.url());
    const violations = collectViolations(page);
    const collabFrames: string[] = [];
    page.on("websocket", (socket) => {
      if (!socket.url().includes("/socket.io/")) return;
      socket.on("framereceived", ({ payload }) => collabFrames.push(String(payload)));
    });

    // The sign-in form only works once React has hydrated it: Next's scripts ran with the nonce.
    await signInThroughUi(page, DEMO_ORGANISER, DEMO_PASSWORD);

    const chapterUrl = `/groups/${DEMO_GROUP_ID}/texts/${created.textId}/chapters/${created.chapterId}`;
    await page.goto(chapterUrl);
    await page.evaluate(() => localStorage.setItem("marginalia-theme", "dark"));
    await page.reload();
    await page.getByText("A first paragraph to read.").waitFor();
    // The inline theme script ran before paint: it carries the request's nonce.
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await waitForHydration(page.locator("main"));
    // The /collab namespace connected over the same-origin socket (connect-src 'self').
    await expect
      .poll(() => collabFrames.some((frame) => frame.startsWith("40/collab")), { timeout: 15_000 })
      .toBe(true);

    expect(violations).toEqual([]);

    // The policy is enforced, not just sent: the same page with a script slipped into its HTML
    // (as stored XSS would) and the app's own headers runs the nonce'd theme script only.
    // (Code run through page.evaluate is exempt from CSP in Chromium, so it cannot probe this.)
    await page.route(`**${chapterUrl}`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-encoding"];
      delete headers["content-length"];
      const body = (await response.text()).replace(
        "</body>",
        `<script>document.documentElement.dataset.injected = "ran"</script></body>`,
      );
      await route.fulfill({ status: response.status(), headers, body });
    });
    await page.goto(chapterUrl);
    await page.getByText("A first paragraph to read.").waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await page.evaluate(() => document.documentElement.dataset.injected ?? "blocked")).toBe(
      "blocked",
    );
    await expect.poll(() => violations.some((text) => /inline script/i.test(text))).toBe(true);
    await page.context().close();
  });
});
