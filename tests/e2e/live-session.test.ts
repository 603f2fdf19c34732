/**
 * The live room in three browsers: the host puts a passage in the spotlight and both members
 * who follow see it highlighted and scrolled into view; a member who stops following stays
 * where they are until they follow again; shared notes typed in one browser appear in another.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoChapter, createDemoSession, selectWords } from "@/tests/e2e/helpers/reading";
import { newSignedInPage, PHONE, screenshot } from "@/tests/e2e/helpers/browser";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();
let liveUrl = "";
let paragraphIds: string[] = [];
let host: Page;
let readers: Page[] = [];
const latencies: number[] = [];

const PARAGRAPHS = Array.from(
  { length: 40 },
  (_, i) =>
    `Paragraph ${i + 1}. The reading group returns to this passage, weighing each clause and what the author leaves unsaid about it, before moving on.`,
);

/** Is the paragraph marked as spotlit and inside the visible part of the window? */
function spotlitInView(page: Page, paragraphId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const element = document.getElementById(`p-${id}`);
    if (!element?.hasAttribute("data-spotlight")) return false;
    const rect = element.getBoundingClientRect();
    return rect.bottom > 0 && rect.top < window.innerHeight;
  }, paragraphId);
}

async function waitSpotlitInView(page: Page, paragraphId: string, timeoutMs = 5_000) {
  await page.waitForFunction(
    (id) => {
      const element = document.getElementById(`p-${id}`);
      if (!element?.hasAttribute("data-spotlight")) return false;
      const rect = element.getBoundingClientRect();
      return rect.bottom > 0 && rect.top < window.innerHeight;
    },
    paragraphId,
    { timeout: timeoutMs },
  );
}

beforeAll(async () => {
  const created = await createDemoChapter({
    textTitle: "Live e2e text",
    chapterTitle: "The Long Chapter",
    paragraphs: PARAGRAPHS,
  });
  paragraphIds = created.paragraphIds;
  const sessionId = await createDemoSession({
    title: "Live e2e session",
    chapterId: created.chapterId,
    startsAt: new Date(Date.now() - 10 * 60_000),
  });
  liveUrl = `/groups/${DEMO_GROUP_ID}/sessions/${sessionId}/live`;
  host = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
  readers = [
    await newSignedInPage(app.browser(), app.url(), "reader1@marginalia.test", DEMO_PASSWORD),
    await newSignedInPage(app.browser(), app.url(), "reader2@marginalia.test", DEMO_PASSWORD),
  ];
  await Promise.all([host, ...readers].map((page) => page.goto(liveUrl)));
  for (const page of [host, ...readers])
    await page.getByTestId("present-count").filter({ hasText: "(3)" }).waitFor();
});

afterAll(async () => {
  if (latencies.length > 0)
    console.log(
      `[e2e] "Spotlight" click → highlighted and in view in both followers: ${latencies.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`,
    );
  for (const page of [host, ...readers]) await page?.context().close();
});

describe("live room in three browsers", () => {
  it("two members following see the host's spotlight highlighted and scrolled into view within a second", async () => {
    const target = paragraphIds[30] ?? "";
    for (const reader of readers) expect(await spotlitInView(reader, target)).toBe(false);
    await selectWords(host, target, 13, 30);
    const started = Date.now();
    await host.getByRole("button", { name: "Spotlight", exact: true }).click();
    await Promise.all(readers.map((reader) => waitSpotlitInView(reader, target, 3_000)));
    latencies.push(Date.now() - started);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The history is the agenda.
    await readers[0]!.getByRole("tab", { name: "Agenda" }).click();
    await readers[0]!.getByTestId("agenda").getByText("¶ 31").waitFor();
    await screenshot(readers[0]!, "live-room-follower-desktop");
  });

  it("a member who stops following stays put; following again jumps back to the spotlight", async () => {
    const [follower, wanderer] = readers as [Page, Page];
    await wanderer.getByRole("button", { name: "Stop following" }).click();
    await wanderer.getByRole("button", { name: "Follow the host" }).waitFor();
    const target = paragraphIds[3] ?? "";
    await selectWords(host, target, 0, 12);
    await host.getByRole("button", { name: "Spotlight", exact: true }).click();
    await waitSpotlitInView(follower, target);
    // Highlighted for the wanderer too, but they were not moved.
    await wanderer.waitForSelector(`#p-${target}[data-spotlight]`, { state: "attached" });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await spotlitInView(wanderer, target)).toBe(false);
    await wanderer.getByRole("button", { name: "Follow the host" }).click();
    await waitSpotlitInView(wanderer, target);
  });

  it("shared notes typed in one browser appear in the other's, with the writer's cursor", async () => {
    const [writer, reader] = readers as [Page, Page];
    for (const page of [writer, reader]) await page.getByRole("tab", { name: "Notes" }).click();
    const editor = writer.getByRole("textbox", { name: "Shared notes" });
    await editor.click();
    await writer.keyboard.type("Agreed: the opening is ironic.");
    await reader
      .getByTestId("shared-notes")
      .getByText("Agreed: the opening is ironic.")
      .waitFor({ timeout: 5_000 });
    // y-codemirror draws the other writer's caret from awareness.
    await reader.locator(".cm-ySelectionCaret").first().waitFor({ timeout: 5_000 });
    await screenshot(reader, "live-room-notes-desktop");
  });

  it("the room works at phone width", async () => {
    const phone = await newSignedInPage(
      app.browser(),
      app.url(),
      "reader3@marginalia.test",
      DEMO_PASSWORD,
      { viewport: PHONE },
    );
    await phone.goto(liveUrl);
    await phone.getByRole("button", { name: /Room ·/ }).click();
    await phone.getByTestId("present-count").filter({ hasText: "(4)" }).waitFor();
    await screenshot(phone, "live-room-phone");
    await phone.context().close();
  });
});
