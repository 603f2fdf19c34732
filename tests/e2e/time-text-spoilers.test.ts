/**
 * Issue 14, part A, in a real browser at 1440 and 390 px: the time zone banner, the session
 * form's zone, mentions shown as names in the comment editor, the spoiler shield outside the
 * margin, and the reader's "Next session" line following the group without a reload.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  DESKTOP,
  newSignedInPage,
  PHONE,
  screenshot,
  waitForHydration,
} from "@/tests/e2e/helpers/browser";
import { horizontalOverflow } from "@/tests/e2e/helpers/page-checks";
import { createDemoChapter, selectWords } from "@/tests/e2e/helpers/reading";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();
const READER = "reader1@marginalia.test";
const SPOILER = "The lighthouse keeper was the narrator all along";
let chapter = { textId: "", chapterId: "", paragraphIds: [] as string[] };
let chapterUrl = "";
const pages: Page[] = [];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function signIn(
  email: string,
  options: { viewport?: { width: number; height: number }; timezoneId?: string } = {},
) {
  const page = await newSignedInPage(app.browser(), app.url(), email, DEMO_PASSWORD, {
    viewport: options.viewport ?? DESKTOP,
    timezoneId: options.timezoneId ?? "Europe/London",
  });
  pages.push(page);
  return page;
}

async function api(
  page: Page,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as unknown };
    },
    { path, body },
  );
}

beforeAll(async () => {
  chapter = await createDemoChapter({
    textTitle: "The Lighthouse Papers",
    chapterTitle: "Landfall",
    paragraphs: [
      "The keeper climbed the stair at dusk and lit the lamp, as he had for thirty years.",
      "Nobody in the village asked who wrote the letters that arrived every winter.",
      "On the last page the handwriting changes, and the reader understands.",
    ],
  });
  chapterUrl = `/groups/${DEMO_GROUP_ID}/texts/${chapter.textId}/chapters/${chapter.chapterId}`;
});

afterAll(async () => {
  for (const page of pages) await page.context().close();
});

describe("time zones", () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`a device on another zone is offered it once; "Use" updates the profile (${viewport.width} px)`, async () => {
      const reader = await db.user.findUniqueOrThrow({ where: { email: READER } });
      const page = await signIn(READER, { viewport, timezoneId: "America/New_York" });
      await page.goto(`/groups/${DEMO_GROUP_ID}`);
      const use = page.getByRole("button", { name: "Use America/New York" });
      await use.waitFor();
      expect((await horizontalOverflow(page)).px).toBe(0);
      await screenshot(page, `ux-a-time-zone-banner-${viewport.width}`);
      await waitForHydration(use);
      await use.click();
      await use.waitFor({ state: "detached" });
      await expect
        .poll(async () => (await db.user.findUniqueOrThrow({ where: { id: reader.id } })).timeZone)
        .toBe("America/New_York");
      await page.reload();
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      expect(await page.locator("[data-time-zone-banner]").count()).toBe(0);
      await db.user.update({ where: { id: reader.id }, data: { timeZone: reader.timeZone } });
    });
  }

  it("dismissing keeps the stored zone and is remembered", async () => {
    const page = await signIn(READER, { timezoneId: "Asia/Tokyo" });
    await page.goto(`/groups/${DEMO_GROUP_ID}`);
    const keep = page.getByRole("button", { name: "Keep Europe/London" });
    await waitForHydration(keep);
    await keep.click();
    await page.reload();
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    // Give the banner's after-hydration check its chance to (wrongly) appear.
    await page.waitForTimeout(500);
    expect(await page.locator("[data-time-zone-banner]").count()).toBe(0);
    const stored = await db.user.findUniqueOrThrow({ where: { email: READER } });
    expect(stored.timeZone).toBe("Europe/London");
  });

  it("a new session's times are entered in the group's zone by default, whatever the viewer's", async () => {
    await db.user.update({
      where: { email: DEMO_ORGANISER },
      data: { timeZone: "America/Los_Angeles" },
    });
    const page = await signIn(DEMO_ORGANISER, { timezoneId: "America/Los_Angeles" });
    await page.goto(`/groups/${DEMO_GROUP_ID}/sessions/new`);
    const zone = page.getByLabel("Time zone of these times");
    await waitForHydration(zone);
    expect(await zone.inputValue()).toBe("Europe/London");
    await screenshot(page, "ux-a-new-session-zone-1440");
    await db.user.update({ where: { email: DEMO_ORGANISER }, data: { timeZone: "Europe/London" } });
  });
});

describe("mentions in the comment editor", () => {
  it("the editor shows the picked member's name; the stored comment keeps the token", async () => {
    const page = await signIn(DEMO_ORGANISER);
    await page.goto(chapterUrl);
    await page.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
    await selectWords(page, chapter.paragraphIds[0] ?? "", 4, 10);
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    const editor = page.getByRole("textbox", { name: "Comment" }).first();
    await editor.click();
    // An empty prefix lists the members by name.
    await page.keyboard.type("Ask @");
    const option = page.getByRole("option").first();
    await option.waitFor();
    const name = (await option.textContent())?.trim() ?? "";
    await page.keyboard.press("Enter");
    await page.keyboard.type("about the keeper");
    const chip = editor.locator(".cm-mention");
    await chip.waitFor();
    expect(await chip.textContent()).toBe(`@${name}`);
    expect(await editor.textContent()).not.toContain("](user:");
    await screenshot(page, "ux-a-mention-in-editor-1440");
    await page.getByRole("button", { name: "Post comment" }).first().click();
    await expect
      .poll(async () =>
        (await db.comment.findMany({ where: { chapterId: chapter.chapterId } })).map((c) => c.body),
      )
      .toContainEqual(
        expect.stringMatching(
          new RegExp(`^Ask @\\[${escapeRegExp(name)}\\]\\(user:[^)]+\\) about the keeper$`),
        ),
      );
  });
});

describe("the spoiler shield outside the margin", () => {
  beforeAll(async () => {
    const organiser = await signIn(DEMO_ORGANISER);
    await organiser.goto(chapterUrl);
    await organiser.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
    await selectWords(organiser, chapter.paragraphIds[2] ?? "", 0, 11);
    await organiser.getByRole("button", { name: "Comment", exact: true }).click();
    await organiser.getByRole("textbox", { name: "Comment" }).first().fill(SPOILER);
    await organiser.getByRole("button", { name: "Post comment" }).first().click();
    // expect.poll belongs to tests; a hook waits by hand.
    for (let tries = 0; (await db.comment.count({ where: { body: SPOILER } })) === 0; tries++) {
      if (tries > 50) throw new Error("the spoiler comment was never stored");
      await organiser.waitForTimeout(100);
    }
    await db.user.update({ where: { email: READER }, data: { hideCommentsBeyondProgress: true } });
  });

  afterAll(async () => {
    await db.user.update({ where: { email: READER }, data: { hideCommentsBeyondProgress: false } });
  });

  for (const viewport of [DESKTOP, PHONE]) {
    it(`comments view and search hide it behind Reveal (${viewport.width} px)`, async () => {
      const page = await signIn(READER, { viewport });
      await page.goto(`/groups/${DEMO_GROUP_ID}/texts/${chapter.textId}/comments`);
      const shield = page.locator("[data-spoiler-shield]").first();
      await shield.waitFor();
      expect(await page.content()).not.toContain(`>${SPOILER}<`);
      expect((await horizontalOverflow(page)).px).toBe(0);
      await screenshot(page, `ux-a-spoiler-comments-${viewport.width}`);
      // Every thread of this unopened chapter is shielded (the mention test's one too).
      const shields = page.locator("[data-spoiler-shield]");
      expect(await shields.count()).toBeGreaterThanOrEqual(1);
      await waitForHydration(shields.first().getByRole("button", { name: "Reveal" }));
      while ((await shields.count()) > 0)
        await shields.first().getByRole("button", { name: "Reveal" }).click();
      await page.getByText(SPOILER).first().waitFor();

      await page.goto(`/groups/${DEMO_GROUP_ID}/search?q=lighthouse+narrator`);
      await page.locator("[data-spoiler-shield]").first().waitFor();
      expect((await horizontalOverflow(page)).px).toBe(0);
      await screenshot(page, `ux-a-spoiler-search-${viewport.width}`);
    });
  }
});

describe("the reader follows the group", () => {
  it("a session scheduled, then cancelled, shows and goes in the open reader without a reload", async () => {
    const reader = await signIn(READER);
    const organiser = await signIn(DEMO_ORGANISER);
    await organiser.goto(`/groups/${DEMO_GROUP_ID}`);
    await reader.goto(chapterUrl);
    await reader.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
    const line = reader.getByTestId("margin-next-session");
    expect(await line.count()).toBe(0);

    const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
    const created = await api(organiser, `/api/groups/${DEMO_GROUP_ID}/sessions`, {
      title: "Keepers and letters",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      chapterIds: [chapter.chapterId],
    });
    expect(created.status).toBe(201);
    const started = Date.now();
    await line.filter({ hasText: "Keepers and letters" }).waitFor({ timeout: 5_000 });
    console.log(
      `[e2e] session scheduled → reader's "Next session" line: ${Date.now() - started} ms`,
    );
    // The time carries its zone.
    expect(await line.textContent()).toMatch(/GMT|UTC|BST/);
    await screenshot(reader, "ux-a-next-session-live-1440");

    const sessionId = (created.json as { session: { id: string } }).session.id;
    const cancelled = await api(organiser, `/api/sessions/${sessionId}/cancel`, {});
    expect(cancelled.status).toBe(200);
    await line.waitFor({ state: "detached", timeout: 5_000 });
  });
});
