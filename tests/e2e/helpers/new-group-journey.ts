/**
 * A new group's first hour, on its own data (no demo seed), at 1440×900: a person signs up,
 * creates a group, imports a text by pasting it and another from a file, renames a chapter in the
 * outline, invites a friend by link; the friend signs up and joins; the two comment, reply, react
 * and mention each other live in two browsers; search finds the comment; the comments export as
 * Markdown. axe-core runs on every page on the way (no serious or critical violation). Planning a
 * series, RSVPs and the live room are the journeys of series-planner, live-session and
 * live-room-crowd, on the demo data.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountNav, DESKTOP, newPage, waitForHydration } from "@/tests/e2e/helpers/browser";
import { axeViolations, describeFindings } from "@/tests/e2e/helpers/page-checks";
import { setupE2eApp } from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp({ seedDemo: false });
const PASSWORD = "a long enough passphrase";
const PASTED = [
  "The Pasted Pamphlet",
  "",
  "Chapter 1: Beginnings",
  "",
  "A reading group begins with a single shared page and a pencil in the margin.",
  "",
  "Nobody reads alone for long once the comments start to arrive.",
  "",
  "Chapter 2: Middles",
  "",
  "The middle of a book is where groups lose their nerve, or find it.",
].join("\n");
const FILE_TEXT = [
  "# A Second Text",
  "",
  "## Only chapter",
  "",
  "Imported from a file rather than pasted, to take the other road in.",
].join("\n");

let owner: Page;
let friend: Page;
let groupUrl = "";
let chapterUrl = "";
const axeFindings: string[] = [];
/** Parsing and storing a text runs in a worker: on a busy 2-core machine it can take a while. */
const IMPORT_WAIT = { timeout: 90_000 };

/** axe on the page as it is; findings are collected and asserted at the end of each step. */
async function checkAxe(page: Page, step: string): Promise<void> {
  const found = await axeViolations(page);
  if (found.length > 0)
    axeFindings.push(`${step} ${new URL(page.url()).pathname}: ${describeFindings(found)}`);
}

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto("/sign-up");
  const form = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Create account" }) });
  await waitForHydration(form);
  await checkAxe(page, "sign-up");
  await form.getByLabel("Display name").fill(name);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await accountNav(page).getByRole("link", { name }).waitFor();
}

beforeAll(async () => {
  owner = await newPage(app.browser(), app.url(), { viewport: DESKTOP, acceptDownloads: true });
  friend = await newPage(app.browser(), app.url(), { viewport: DESKTOP });
});

afterAll(async () => {
  await owner?.context().close();
  await friend?.context().close();
});

describe("a new group's first hour", () => {
  it("signs up and creates a group", async () => {
    await signUp(owner, "Nora Owner", "nora@example.test");
    await owner.goto("/groups");
    await waitForHydration(owner.getByRole("button", { name: "Create group" }));
    await checkAxe(owner, "groups");
    await owner.getByLabel("Group name").fill("Tuesday Pamphleteers");
    await owner.getByRole("button", { name: "Create group" }).click();
    await owner.waitForURL(/\/groups\/[^/]+$/);
    groupUrl = new URL(owner.url()).pathname;
    await owner.getByRole("heading", { name: "Tuesday Pamphleteers" }).waitFor();
    await checkAxe(owner, "group home");
    expect(axeFindings).toEqual([]);
  });

  it("imports a pasted text and a file, and renames a chapter in the outline", async () => {
    await owner.goto(`${groupUrl}/texts`);
    const tabs = owner.getByRole("tablist", { name: "Import from" });
    await waitForHydration(tabs);
    await checkAxe(owner, "library");

    await owner.getByLabel("File", { exact: true }).setInputFiles({
      name: "second-text.md",
      mimeType: "text/markdown",
      buffer: Buffer.from(FILE_TEXT),
    });
    await owner.getByRole("button", { name: "Preview chapters" }).click();
    await owner.getByText("A Second Text").first().waitFor(IMPORT_WAIT);
    await checkAxe(owner, "import preview");
    await owner.getByRole("button", { name: "Import this text" }).click();
    await owner.waitForURL(/\/texts\/[^/]+$/, IMPORT_WAIT);

    await owner.goto(`${groupUrl}/texts`);
    await waitForHydration(tabs);
    await tabs.getByRole("tab", { name: "Paste text" }).click();
    await owner.getByLabel("Text", { exact: true }).fill(PASTED);
    await owner.getByRole("button", { name: "Preview chapters" }).click();
    await owner.getByText("The Pasted Pamphlet").first().waitFor(IMPORT_WAIT);
    await owner.getByRole("button", { name: "Import this text" }).click();
    await owner.waitForURL(/\/texts\/[^/]+$/, IMPORT_WAIT);
    await owner.getByText("Beginnings").first().waitFor();
    await checkAxe(owner, "outline");

    await owner.getByRole("button", { name: "Rename" }).first().click();
    const title = owner.getByLabel("Chapter title");
    await title.fill("Chapter 1: Where it starts");
    await owner.getByRole("button", { name: "Save" }).click();
    await owner.getByText("Chapter 1: Where it starts").waitFor();
    chapterUrl = new URL(
      (await owner
        .getByRole("link", { name: "Chapter 1: Where it starts" })
        .first()
        .getAttribute("href")) ?? "",
      app.url(),
    ).pathname;
    expect(chapterUrl).toMatch(/\/chapters\//);
    expect(axeFindings).toEqual([]);
  });

  it("invites a friend by link; the friend signs up and joins", async () => {
    await owner.goto(`${groupUrl}/members`);
    await waitForHydration(owner.getByRole("button", { name: "Create invite link" }));
    await checkAxe(owner, "members");
    await owner.getByRole("button", { name: "Create invite link" }).click();
    const link = await owner.getByLabel("Share this link (shown once)").inputValue();
    expect(link).toMatch(/\/invite\//);

    await signUp(friend, "Felix Friend", "felix@example.test");
    await friend.goto(new URL(link).pathname);
    await friend.getByRole("heading", { name: "Join Tuesday Pamphleteers" }).waitFor();
    await checkAxe(friend, "invitation");
    const join = friend.getByRole("button", { name: "Join the group" });
    await waitForHydration(join);
    await join.click();
    await friend.waitForURL(`**${groupUrl}`);
    await owner.goto(`${groupUrl}/members`);
    await owner.getByText("Felix Friend").first().waitFor();
    expect(axeFindings).toEqual([]);
  });

  it("the two comment, reply, react and mention each other live", async () => {
    await Promise.all([owner.goto(chapterUrl), friend.goto(chapterUrl)]);
    for (const page of [owner, friend])
      await page.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
    await checkAxe(owner, "reader");

    await owner.getByRole("button", { name: "Comment on this paragraph" }).first().click();
    const editor = owner.getByRole("textbox", { name: "Comment" }).first();
    await editor.fill("A pencil in the margin: that is us.");
    await editor.pressSequentially(" @Fel");
    await owner.getByRole("option", { name: /Felix Friend/ }).waitFor();
    await editor.press("Enter");
    await owner.getByRole("button", { name: "Post comment" }).first().click();
    // Focus goes to the new card, not back to <body>.
    await owner.waitForFunction(() => document.activeElement?.tagName === "ARTICLE");

    const card = friend.getByRole("article", { name: /Comment thread by Nora Owner/ });
    await card.getByText("that is us").waitFor();
    await card.getByText("Felix Friend").first().waitFor();
    await card.click();
    await card.getByRole("button", { name: /^React 👍/ }).click();
    await card.getByRole("button", { name: "Reply" }).click();
    await card.getByRole("textbox", { name: "Reply" }).fill("And the pencil is sharp.");
    await card.getByRole("button", { name: "Post reply" }).click();

    const mine = owner.getByRole("article", { name: /Comment thread by Nora Owner/ });
    await mine.getByText("And the pencil is sharp.").waitFor();
    await mine.getByRole("button", { name: /^React 👍, 1/ }).waitFor();
    await checkAxe(friend, "reader with a thread");
    expect(axeFindings).toEqual([]);
  });

  it("search finds the comment and the comments export as Markdown", async () => {
    await friend.goto(`${groupUrl}/search?q=pencil`);
    await friend
      .getByText(/pencil/i)
      .first()
      .waitFor();
    await checkAxe(friend, "search");

    const textUrl = chapterUrl.replace(/\/chapters\/.*$/, "");
    await owner.goto(`${textUrl}/comments`);
    await owner.getByText("And the pencil is sharp.").first().waitFor();
    await checkAxe(owner, "comments");
    const [download] = await Promise.all([
      owner.waitForEvent("download"),
      owner.getByRole("link", { name: "Export as Markdown" }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    const markdown = Buffer.concat(chunks).toString("utf8");
    expect(markdown).toContain("that is us");
    expect(markdown).toContain("And the pencil is sharp.");
    expect(axeFindings).toEqual([]);
  });
});
