/**
 * The reader's text arrives once, as HTML: a full page load keeps the server's paragraphs through
 * hydration (the margin comments on them), and a client-side navigation to the next chapter
 * loads the paragraphs and the margin works on them as well. The table of contents, rendered once,
 * is a sidebar on a wide screen and a Contents button that opens it on a phone.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { selectWords } from "@/tests/e2e/helpers/reading";
import {
  PHONE,
  consoleLog,
  newSignedInPage,
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
let page: Page;
let firstUrl = "";
let secondUrl = "";
const paragraphIds: string[][] = [[], []];

const CHAPTERS = [
  ["The first chapter's opening paragraph, read on a full page load.", "Its second paragraph."],
  ["The second chapter arrives by client-side navigation.", "And it has a second paragraph."],
];

beforeAll(async () => {
  const text = await db.text.create({
    data: {
      groupId: DEMO_GROUP_ID,
      title: "Sent once",
      sourceFormat: "txt",
      chapters: {
        create: [
          { index: 0, title: "First of two" },
          { index: 1, title: "Second of two" },
        ],
      },
    },
    include: { chapters: { orderBy: { index: "asc" } } },
  });
  for (const [chapterIndex, chapter] of text.chapters.entries())
    for (const [index, body] of (CHAPTERS[chapterIndex] ?? []).entries()) {
      const paragraph = await db.paragraph.create({
        data: { chapterId: chapter.id, textId: text.id, index, text: body },
      });
      paragraphIds[chapterIndex]?.push(paragraph.id);
    }
  const base = `/groups/${DEMO_GROUP_ID}/texts/${text.id}/chapters`;
  firstUrl = `${base}/${text.chapters[0]?.id}`;
  secondUrl = `${base}/${text.chapters[1]?.id}`;
  page = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
});

afterAll(async () => {
  await page?.context().close();
});

async function commentOn(paragraphId: string, body: string) {
  await selectWords(page, paragraphId, 4, 11);
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await page.getByRole("textbox", { name: "Comment" }).first().fill(body);
  await page.getByRole("button", { name: "Post comment" }).first().click();
  await page
    .getByRole("article", { name: /Comment thread by/ })
    .filter({ hasText: body })
    .waitFor();
}

describe("the reader's text, sent once", () => {
  it("a full page load keeps the server's paragraphs through hydration, and the margin comments on them", async () => {
    await page.goto(firstUrl);
    await page.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
    const first = page.locator(`#p-${paragraphIds[0]?.[0]}`);
    await expect(first.textContent()).resolves.toBe(CHAPTERS[0]?.[0]);
    // The element the server sent is still the one in the document after hydration.
    await page.evaluate((id) => {
      (document.getElementById(id) as HTMLElement & { serverNode?: boolean }).serverNode = true;
    }, `p-${paragraphIds[0]?.[0]}`);
    await commentOn(paragraphIds[0]?.[0] ?? "", "A comment on the server's paragraph");
    expect(
      await page.evaluate(
        (id) => (document.getElementById(id) as HTMLElement & { serverNode?: boolean }).serverNode,
        `p-${paragraphIds[0]?.[0]}`,
      ),
    ).toBe(true);
  });

  it("Next → navigates on the client, shows the next chapter's paragraphs, and the margin comments on them", async () => {
    await page.evaluate(() => {
      (window as Window & { sameDocument?: boolean }).sameDocument = true;
    });
    await page.getByRole("link", { name: /Next →/ }).click();
    await page.waitForURL(`**${secondUrl}`);
    const second = page.locator(`#p-${paragraphIds[1]?.[0]}`);
    try {
      await expect(second.textContent()).resolves.toBe(CHAPTERS[1]?.[0]);
    } catch (error) {
      await screenshot(page, "reader-client-navigation");
      console.log(consoleLog(page));
      throw error;
    }
    // A client-side navigation: the window (and its marker) survived.
    expect(
      await page.evaluate(() => (window as Window & { sameDocument?: boolean }).sameDocument),
    ).toBe(true);
    await expect(page.locator(`#p-${paragraphIds[0]?.[0]}`).count()).resolves.toBe(0);
    await page.getByRole("heading", { name: "Second of two" }).waitFor();
    await commentOn(paragraphIds[1]?.[1] ?? "", "A comment after a client-side navigation");
  });
});

describe("the table of contents, rendered once", () => {
  it("on a wide screen the list is there without a click, once, with the current chapter marked", async () => {
    await page.goto(firstUrl);
    const contents = page.getByRole("navigation", { name: "Table of contents" });
    await expect(contents.count()).resolves.toBe(1);
    await expect(contents.getByRole("button", { name: /Contents/ }).isVisible()).resolves.toBe(
      false,
    );
    const current = contents.getByRole("link", { name: "First of two" });
    await expect(current.isVisible()).resolves.toBe(true);
    await expect(current.getAttribute("aria-current")).resolves.toBe("page");
  });

  it("on a phone the Contents button opens the list, and a chapter in it navigates on the client", async () => {
    const phone = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD, {
      viewport: PHONE,
    });
    try {
      await phone.goto(firstUrl);
      const contents = phone.getByRole("navigation", { name: "Table of contents" });
      const toggle = contents.getByRole("button", { name: /Contents · chapter 1 of 2/ });
      await waitForHydration(toggle);
      const second = contents.getByRole("link", { name: "Second of two" });
      await expect(second.isVisible()).resolves.toBe(false);
      await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("false");
      await toggle.click();
      await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("true");
      await phone.evaluate(() => {
        (window as Window & { sameDocument?: boolean }).sameDocument = true;
      });
      await second.click();
      await phone.waitForURL(`**${secondUrl}`);
      await phone.getByRole("heading", { name: "Second of two" }).waitFor();
      await expect(phone.locator(`#p-${paragraphIds[1]?.[0]}`).textContent()).resolves.toBe(
        CHAPTERS[1]?.[0],
      );
      expect(
        await phone.evaluate(() => (window as Window & { sameDocument?: boolean }).sameDocument),
      ).toBe(true);
      // The list closed behind the choice; the button now counts from the new chapter.
      await contents.getByRole("button", { name: /Contents · chapter 2 of 2/ }).waitFor();
      await expect(second.isVisible()).resolves.toBe(false);
    } finally {
      await phone.context().close();
    }
  });
});
