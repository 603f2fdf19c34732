/**
 * Two members in two browser contexts on the same chapter: a comment posted in one appears in
 * the other's margin without a reload, the reply comes back, a private note never crosses, and
 * a comment written offline is delivered when the connection returns.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoChapter, selectWords } from "@/tests/e2e/helpers/reading";
import { newSignedInPage, screenshot } from "@/tests/e2e/helpers/browser";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();
let chapterUrl = "";
let paragraphIds: string[] = [];
let organiser: Page;
let reader: Page;
const latencies: number[] = [];

const PARAGRAPHS = [
  "The working class expropriated capitalist property in the Soviet Union in 1917.",
  "It must be emphasised that the isolation of the Revolution is the essential reason.",
  "A third paragraph, so that comments have somewhere to stack.",
];

async function postComment(
  page: Page,
  paragraphId: string,
  start: number,
  end: number,
  body: string,
  options: { private?: boolean } = {},
) {
  await selectWords(page, paragraphId, start, end);
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const editor = page.getByRole("textbox", { name: "Comment" }).first();
  await editor.fill(body);
  if (options.private) await page.getByRole("switch", { name: "Only me" }).first().check();
  await page.getByRole("button", { name: "Post comment" }).first().click();
}

beforeAll(async () => {
  const created = await createDemoChapter({
    textTitle: "E2E text",
    chapterTitle: "The Collapse",
    paragraphs: PARAGRAPHS,
  });
  paragraphIds = created.paragraphIds;
  chapterUrl = `/groups/${DEMO_GROUP_ID}/texts/${created.textId}/chapters/${created.chapterId}`;
  organiser = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
  reader = await newSignedInPage(
    app.browser(),
    app.url(),
    "reader1@marginalia.test",
    DEMO_PASSWORD,
  );
  await Promise.all([organiser.goto(chapterUrl), reader.goto(chapterUrl)]);
  try {
    for (const page of [organiser, reader])
      await page.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
  } catch (error) {
    await screenshot(organiser, "margin-debug");
    throw error;
  }
});

afterAll(async () => {
  if (latencies.length > 0)
    console.log(
      `[e2e] "Post comment" → card in the other browser: ${latencies.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`,
    );
  await organiser?.context().close();
  await reader?.context().close();
});

describe("margin comments between two browsers", () => {
  it("a comment appears in the other member's margin without a reload, and the reply comes back", async () => {
    const started = Date.now();
    await postComment(
      organiser,
      paragraphIds[0] ?? "",
      4,
      17,
      "Who exactly is the working class here?",
    );
    await reader.getByText("Who exactly is the working class here?").waitFor();
    latencies.push(Date.now() - started);

    const card = reader
      .getByRole("article", { name: /Comment thread by/ })
      .filter({ hasText: "Who exactly" });
    await card.getByRole("button", { name: "Reply" }).click();
    await card
      .getByRole("textbox", { name: "Reply" })
      .fill("The industrial workers of 1917, I think.");
    await card.getByRole("button", { name: "Post reply" }).click();
    await organiser.getByText("The industrial workers of 1917, I think.").waitFor();
    await screenshot(organiser, "margin-two-browsers-desktop");
  });

  it("a private note is never shown to another member", async () => {
    await postComment(
      organiser,
      paragraphIds[1] ?? "",
      0,
      2,
      "Private: check the Trotsky reference",
      { private: true },
    );
    await organiser.getByText("Private: check the Trotsky reference").waitFor();
    await organiser
      .getByRole("article", { name: /Private note/ })
      .first()
      .waitFor();
    await reader.waitForTimeout(1500);
    expect(await reader.getByText("Private: check the Trotsky reference").count()).toBe(0);
  });

  it("a comment written offline is delivered when the connection returns", async () => {
    await reader.context().setOffline(true);
    await reader
      .getByRole("status")
      .filter({ hasText: /Offline|Connecting/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await postComment(reader, paragraphIds[2] ?? "", 2, 7, "Written on the train, offline.");
    await reader.getByRole("status").filter({ hasText: "unsent" }).first().waitFor();
    await reader.context().setOffline(false);
    await organiser.getByText("Written on the train, offline.").waitFor({ timeout: 30_000 });
    await reader
      .getByRole("status")
      .filter({ hasText: "Live" })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it("where another member is selecting is shown to the others", async () => {
    await selectWords(reader, paragraphIds[1] ?? "", 6, 20);
    await organiser.waitForFunction(() => {
      const highlights = (globalThis.CSS as unknown as { highlights?: Map<string, unknown> })
        .highlights;
      return highlights?.has("marginalia-peer") ?? false;
    });
    await reader.evaluate(() => window.getSelection()?.removeAllRanges());
  });

  it("the margin reads on a phone as a bottom panel", async () => {
    const phone = await newSignedInPage(
      app.browser(),
      app.url(),
      "reader2@marginalia.test",
      DEMO_PASSWORD,
      { viewport: { width: 390, height: 844 } },
    );
    await phone.goto(chapterUrl);
    await phone.getByRole("button", { name: /Comments \(\d+\)/ }).click();
    await phone.getByText("Who exactly is the working class here?").waitFor();
    await screenshot(phone, "margin-phone");
    await phone.context().close();
  });
});
