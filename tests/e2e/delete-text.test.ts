/**
 * Deleting a text from its page: a reader is not offered it; the organiser asks, is told how
 * many chapters and comments go with it, confirms, and lands in the library without it.
 * Screenshots of both steps at desktop and phone width go to screenshots/tmp.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  DESKTOP,
  newSignedInPage,
  PHONE,
  screenshot,
  waitForHydration,
} from "@/tests/e2e/helpers/browser";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

/** Full-page PNGs at desktop and phone width (screenshots/tmp), for a human to look at. */
async function shots(page: Page, name: string): Promise<void> {
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}`);
  }
}

/** The demo text with the most visible comments: the confirmation has something to count. */
async function textWithComments() {
  const [row] = await db.comment.groupBy({
    by: ["textId"],
    where: { groupId: DEMO_GROUP_ID, deleted: false, hidden: false },
    _count: { _all: true },
    orderBy: { _count: { textId: "desc" } },
    take: 1,
  });
  if (!row) throw new Error("the demo seed has no comments");
  const text = await db.text.findUniqueOrThrow({
    where: { id: row.textId },
    select: { id: true, title: true, _count: { select: { chapters: true } } },
  });
  return { ...text, comments: row._count._all, chapters: text._count.chapters };
}

describe("delete a text", () => {
  it("a reader is not offered it", async () => {
    const text = await textWithComments();
    const page = await newSignedInPage(
      app.browser(),
      app.url(),
      "reader1@marginalia.test",
      DEMO_PASSWORD,
    );
    await page.goto(`/groups/${DEMO_GROUP_ID}/texts/${text.id}`);
    await page.getByRole("heading", { level: 1, name: text.title }).waitFor();
    expect(await page.getByRole("button", { name: "Delete text" }).count()).toBe(0);
    await page.context().close();
  });

  it("the organiser confirms what is lost and lands in the library without it", async () => {
    const text = await textWithComments();
    const page = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
    await page.goto(`/groups/${DEMO_GROUP_ID}/texts/${text.id}`);
    const ask = page.getByRole("button", { name: "Delete text" });
    await waitForHydration(ask);
    await shots(page, "delete-text-offer");

    await ask.click();
    const confirmation = page.getByRole("group", { name: `Delete “${text.title}” for everyone?` });
    await confirmation.waitFor();
    const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;
    await expect(confirmation.textContent()).resolves.toContain(
      `its ${plural(text.chapters, "chapter")} and ${plural(text.comments, "comment")}`,
    );
    await shots(page, "delete-text-confirm");

    await confirmation.getByRole("button", { name: "Delete text" }).click();
    await page.waitForURL(`**/groups/${DEMO_GROUP_ID}/texts`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    expect(await page.getByText(text.title, { exact: true }).count()).toBe(0);
    expect(await db.text.count({ where: { id: text.id } })).toBe(0);
    await page.context().close();
  });
});
