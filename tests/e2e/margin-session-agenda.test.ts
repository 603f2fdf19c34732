/**
 * The next session's agenda from the normal reader: a member brings a margin thread to the
 * upcoming session and another votes for it; the host finds it in the live room's agenda with
 * both votes. A comment held from the reader's composer stays with its author (marked as held)
 * and never reaches another member's margin before the session starts. Marks, votes and the next
 * session reach a reader who stays on the page without a reload (issue 14, point 12).
 */
import type { Locator, Page } from "playwright-core";
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
let chapterUrl = "";
let liveUrl = "";
let sessionId = "";
let paragraphIds: string[] = [];
let reader1: Page;
let reader2: Page;

const QUESTION = "Is the narrator to be trusted in this paragraph?";
const HELD = "Bring the 1921 letters: they change how this reads.";

const PARAGRAPHS = [
  "The narrator tells us plainly that nothing of consequence happened that winter in the town.",
  "Yet the letters he keeps quoting were written that winter, and they are full of departures.",
  "A third paragraph, so that cards in the margin have somewhere to stack.",
];

const READER1 = "reader1@marginalia.test";

function signIn(email: string, viewport?: { width: number; height: number }): Promise<Page> {
  return newSignedInPage(app.browser(), app.url(), email, DEMO_PASSWORD, viewport && { viewport });
}

async function waitLive(page: Page) {
  await page.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
}

function questionCard(page: Page): Locator {
  return page.getByRole("article", { name: /Comment thread by/ }).filter({ hasText: QUESTION });
}

function bringButton(card: Locator, pressed?: boolean): Locator {
  return card.getByRole("button", { name: /Bring to session/, pressed });
}

/** A session two days off, run by the organiser, that reads the chapter. */
function createUpcomingSession(chapterId: string): Promise<string> {
  return createDemoSession({
    title: "Winter chapters",
    chapterId,
    startsAt: new Date(Date.now() + 2 * 24 * 60 * 60_000),
    minutes: 90,
  });
}

beforeAll(async () => {
  const {
    textId,
    chapterId,
    paragraphIds: ids,
  } = await createDemoChapter({
    textTitle: "Agenda e2e text",
    chapterTitle: "A Quiet Winter",
    paragraphs: PARAGRAPHS,
  });
  paragraphIds = ids;
  chapterUrl = `/groups/${DEMO_GROUP_ID}/texts/${textId}/chapters/${chapterId}`;
  sessionId = await createUpcomingSession(chapterId);
  liveUrl = `/groups/${DEMO_GROUP_ID}/sessions/${sessionId}/live`;
  reader1 = await signIn(READER1);
  reader2 = await signIn("reader2@marginalia.test");
  await Promise.all([reader1.goto(chapterUrl), reader2.goto(chapterUrl)]);
  for (const page of [reader1, reader2]) await waitLive(page);
});

afterAll(async () => {
  await reader1?.context().close();
  await reader2?.context().close();
});

describe("the next session's agenda from the reader's margin", () => {
  it("a member brings a thread to the upcoming session, another votes; the host sees both votes", async () => {
    // reader2 starts a thread in the margin.
    await selectWords(reader2, paragraphIds[0] ?? "", 4, 12);
    await reader2.getByRole("button", { name: "Comment", exact: true }).click();
    await reader2.getByRole("textbox", { name: "Comment" }).first().fill(QUESTION);
    await reader2.getByRole("button", { name: "Post comment" }).first().click();
    await questionCard(reader1).waitFor();

    // reader1 brings it to the session: pressed, one vote.
    const card1 = questionCard(reader1);
    await bringButton(card1, false).click();
    await bringButton(card1, true).waitFor();
    expect(await bringButton(card1).textContent()).toContain("1 vote");

    // reader2 opens the chapter again and adds a vote.
    await reader2.reload();
    await waitLive(reader2);
    const card2 = questionCard(reader2);
    await bringButton(card2, false).filter({ hasText: "1 vote" }).waitFor();
    await bringButton(card2, false).click();
    await bringButton(card2, true).filter({ hasText: "2 votes" }).waitFor();

    // reader1 stayed on the page: the other vote is pushed, no reload, no poll.
    await bringButton(card1, true).filter({ hasText: "2 votes" }).waitFor({ timeout: 2_000 });

    // The host finds it in the live room's agenda, with both votes.
    const host = await signIn(DEMO_ORGANISER);
    await host.goto(liveUrl);
    await host.getByRole("tab", { name: "Agenda" }).click();
    const marks = host.getByTestId("marks");
    await marks.getByText(QUESTION).waitFor();
    await marks.getByRole("button", { name: "▲ 2 votes" }).waitFor();
    await screenshot(host, "margin-agenda-host-live-room");
    // The host votes in the live room: reader1's margin follows at once, and back.
    await marks.getByRole("button", { name: "▲ 2 votes" }).click();
    await marks.getByRole("button", { name: "▲ 3 votes" }).waitFor();
    await bringButton(card1, true).filter({ hasText: "3 votes" }).waitFor({ timeout: 2_000 });
    await marks.getByRole("button", { name: "▲ 3 votes" }).click();
    await marks.getByRole("button", { name: "▲ 2 votes" }).waitFor();
    await bringButton(card1, true).filter({ hasText: "2 votes" }).waitFor({ timeout: 2_000 });
    // And the other way: reader1's vote withdrawn in the margin reaches the host's room.
    await bringButton(card1, true).click();
    await marks.getByRole("button", { name: "▲ 1 vote" }).waitFor({ timeout: 2_000 });
    await bringButton(card1, false).click();
    await marks.getByRole("button", { name: "▲ 2 votes" }).waitFor({ timeout: 2_000 });
    await host.context().close();

    // Pressing again withdraws reader2's vote only; the mark stays, reader1's vote with it.
    await bringButton(card2, true).click();
    await bringButton(card2, false).filter({ hasText: "1 vote" }).waitFor();
    await bringButton(card2, false).click();
    await bringButton(card2, true).filter({ hasText: "2 votes" }).waitFor();
  });

  it("a comment held from the composer shows to its author as held and not to the others", async () => {
    await selectWords(reader1, paragraphIds[1] ?? "", 4, 34);
    await reader1.getByRole("button", { name: "Comment", exact: true }).click();
    const draft = reader1.getByLabel("New comment");
    await draft.getByRole("textbox", { name: "Comment" }).fill(HELD);
    const onlyMe = draft.getByRole("switch", { name: "Only me" });
    const holdSwitch = draft.getByRole("switch", { name: /Hold until the session \(/ });
    // "Only me" and "Hold" exclude each other.
    await onlyMe.check();
    await holdSwitch.check();
    expect(await onlyMe.isChecked()).toBe(false);
    await screenshot(reader1, "margin-composer-hold-desktop");
    await draft.getByRole("button", { name: "Hold comment" }).click();

    const held = reader1.getByRole("article", { name: /Comment held until the session/ });
    await held.getByText(HELD).waitFor();
    await held.getByText(/Held until /).waitFor();
    // Still there (from the server) after a reload.
    await reader1.reload();
    await waitLive(reader1);
    await held.getByText(HELD).waitFor();
    await bringButton(questionCard(reader1), true).waitFor();
    await screenshot(reader1, "margin-session-agenda-desktop");

    // reader2 has the chapter open and never sees it: not live, not after a reload.
    await reader2.waitForTimeout(1_500);
    expect(await reader2.getByText(HELD).count()).toBe(0);
    await reader2.reload();
    await waitLive(reader2);
    await questionCard(reader2).waitFor();
    await reader2.waitForTimeout(1_000);
    expect(await reader2.getByText(HELD).count()).toBe(0);
  });

  it("on a phone the held card and the toggle are in the bottom panel; withdrawing removes it", async () => {
    const phone = await signIn(READER1, PHONE);
    await phone.goto(chapterUrl);
    await phone.getByRole("button", { name: /Comments \(\d+\)/ }).click();
    const held = phone.getByRole("article", { name: /Comment held until the session/ });
    await held.getByText(HELD).waitFor();
    await bringButton(questionCard(phone), true).waitFor();
    await screenshot(phone, "margin-session-agenda-phone");

    await selectWords(phone, paragraphIds[2] ?? "", 2, 17);
    await phone.getByRole("button", { name: "Comment", exact: true }).click();
    await phone.getByRole("switch", { name: /Hold until the session \(/ }).waitFor();
    await screenshot(phone, "margin-composer-hold-phone");
    await phone.getByLabel("New comment").getByRole("button", { name: "Cancel" }).click();

    await held.getByRole("button", { name: "Withdraw" }).click();
    await held.waitFor({ state: "detached" });
    await phone.context().close();
  });

  it("the scheduler's own other tab shows the next session as it changes, without a reload", async () => {
    const organiser = await signIn(DEMO_ORGANISER);
    await organiser.goto(chapterUrl);
    await waitLive(organiser);
    const line = organiser.getByTestId("margin-next-session");
    await line.getByText("Winter chapters").waitFor();
    // The organiser renames the session from another tab of the same browser.
    const other = await organiser.context().newPage();
    await other.goto(`/groups/${DEMO_GROUP_ID}/sessions/${sessionId}`);
    const status = await other.evaluate(
      async (path) =>
        (
          await fetch(path, {
            method: "PATCH",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ title: "Winter chapters, moved on" }),
          })
        ).status,
      `/api/sessions/${sessionId}`,
    );
    expect(status).toBe(200);
    await line.getByText("Winter chapters, moved on").waitFor({ timeout: 2_000 });
    await organiser.context().close();
  });
});
