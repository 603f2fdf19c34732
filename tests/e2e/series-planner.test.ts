/**
 * The planner workflow in two browsers: the organiser plans the demo group's reading of a whole
 * seed text (chapters per session, weekday, time, zone, first date, a date skipped), previews
 * and creates it; a member sees what to read next, subscribes to the group calendar and marks a
 * chapter read; the organiser's progress grid shows it.
 */
import { mkdirSync } from "node:fs";
import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { formatDateTime, localeFromAcceptLanguage } from "@/lib/format/date";
import { sessionEventUid } from "@/lib/sessions/calendar/calendar-feed";
import { DESKTOP, newSignedInPage, PHONE } from "@/tests/e2e/helpers/browser";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();
const SHOTS = "/tmp/shots";
const READER = "reader1@marginalia.test";
const ZONE = "Europe/Berlin";
const PER_SESSION = 2;

let organiser: Page;
let reader: Page;
let text: { id: string; title: string; chapters: { id: string; title: string }[] };
let firstDate: DateTime;
let skipDate: DateTime;
let sessionIds: string[] = [];
let planMs = 0;

/** Full-page PNGs of the page at desktop and phone width, for a human to look at. */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

beforeAll(async () => {
  // A seed text of the demo library that the demo schedule does not already read.
  const planned = await db.sessionChapter.findMany({
    where: { session: { groupId: DEMO_GROUP_ID } },
    select: { chapter: { select: { textId: true } } },
  });
  const taken = new Set(planned.map((row) => row.chapter.textId));
  const texts = await db.text.findMany({
    where: { groupId: DEMO_GROUP_ID, chapters: { some: {} } },
    select: {
      id: true,
      title: true,
      chapters: { orderBy: { index: "asc" }, select: { id: true, title: true } },
    },
  });
  const candidates = texts
    .filter((entry) => !taken.has(entry.id) && entry.chapters.length >= 3)
    .sort((a, b) => a.chapters.length - b.chapters.length);
  if (!candidates[0]) throw new Error("no seed text left to plan");
  text = candidates[0];
  // The Thursday at least a week ahead; the Thursday after it is skipped.
  const today = DateTime.now().setZone(ZONE).startOf("day");
  firstDate = today.plus({ days: 7 + ((4 - today.weekday + 7) % 7) });
  skipDate = firstDate.plus({ weeks: 1 });
  [organiser, reader] = await Promise.all([
    newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD),
    newSignedInPage(app.browser(), app.url(), READER, DEMO_PASSWORD),
  ]);
});

afterAll(async () => {
  if (planMs > 0)
    console.log(
      `[e2e] planning "${text.title}" (${text.chapters.length} chapters, ${sessionIds.length} sessions): ${(planMs / 1000).toFixed(1)} s from opening the planner to the sessions list`,
    );
  await organiser?.context().close();
  await reader?.context().close();
});

describe("series planner workflow", () => {
  it("the organiser plans a whole seed text: preview skips the skipped date, create lists the sessions", async () => {
    const expected = Math.ceil(text.chapters.length / PER_SESSION);
    const started = Date.now();
    await organiser.goto(`/groups/${DEMO_GROUP_ID}/sessions/plan`);
    const form = organiser.getByRole("main");
    await form
      .getByLabel("Text", { exact: true })
      .selectOption({ label: `${text.title} (${text.chapters.length} chapters)` });
    await form.getByRole("radio", { name: "By chapters" }).check();
    await form.getByLabel("Chapters per session").fill(String(PER_SESSION));
    await form.getByRole("button", { name: "Tue", exact: true }).click();
    await form.getByRole("button", { name: "Thu", exact: true }).click();
    expect(
      await form.getByRole("button", { name: "Thu", exact: true }).getAttribute("aria-pressed"),
    ).toBe("true");
    expect(
      await form.getByRole("button", { name: "Tue", exact: true }).getAttribute("aria-pressed"),
    ).toBe("false");
    await form.getByLabel("Time", { exact: true }).fill("18:30");
    await form.getByLabel("Time zone").selectOption(ZONE);
    await form.getByLabel("First possible date").fill(firstDate.toISODate() ?? "");
    await form.getByLabel("Dates to skip").fill(skipDate.toISODate() ?? "");
    await form.getByRole("button", { name: "Preview the plan" }).click();

    const preview = organiser.getByRole("region", { name: "Plan preview" });
    const items = preview.getByRole("listitem");
    await preview.getByText(`${expected} sessions`).first().waitFor();
    expect(await items.count()).toBe(expected);
    const lines = await items.allTextContents();
    // The organiser reads times in London; the group meets at 18:30 in Berlin.
    const day = (at: DateTime) =>
      at.setZone("Europe/London").setLocale("en-GB").toFormat("ccc d LLL");
    expect(lines[0]).toContain(day(firstDate.set({ hour: 18, minute: 30 })));
    expect(lines[0]).toContain("18:30 in Berlin");
    expect(lines[1]).toContain(day(firstDate.plus({ weeks: 2 }).set({ hour: 18, minute: 30 })));
    expect(lines.some((line) => line.includes(day(skipDate.set({ hour: 18 }))))).toBe(false);
    // The preview says which date it left out.
    await preview
      .getByText(`Skipped: ${skipDate.setLocale("en-GB").toFormat("ccc d LLL")}.`)
      .waitFor();
    await shots(organiser, "planner-preview");

    await preview.getByRole("button", { name: `Create ${expected} sessions` }).click();
    await organiser.waitForURL(`**/groups/${DEMO_GROUP_ID}/sessions`);
    const series = await db.sessionSeries.findFirstOrThrow({
      where: { groupId: DEMO_GROUP_ID, textId: text.id },
      select: { sessions: { orderBy: { startsAt: "asc" }, select: { id: true, title: true } } },
    });
    sessionIds = series.sessions.map((session) => session.id);
    expect(sessionIds).toHaveLength(expected);
    await organiser
      .locator(`a[href="/groups/${DEMO_GROUP_ID}/sessions/${sessionIds[0]}"]`)
      .first()
      .waitFor();
    planMs = Date.now() - started;
  });

  it("a member sees the first reading of the series and subscribes to the group calendar", async () => {
    const first = text.chapters[0];
    if (!first) throw new Error("no chapter");
    await reader.goto("/readings");
    const row = reader
      .getByRole("listitem")
      .filter({ hasText: text.title })
      .filter({ has: reader.getByRole("link", { name: first.title, exact: true }) });
    await row.waitFor();
    // The page writes the time as lib/format/date does, in the member's zone and the browser's
    // language (its Accept-Language).
    const due = firstDate.set({ hour: 18, minute: 30 }).toJSDate();
    const acceptLanguage = await reader.evaluate(() => navigator.languages.join(","));
    const dueText = formatDateTime(due, {
      timeZone: "Europe/London",
      locale: localeFromAcceptLanguage(acceptLanguage),
    });
    await row.getByRole("link", { name: `for the session on ${dueText}` }).waitFor();

    await reader.goto(`/groups/${DEMO_GROUP_ID}/calendar`);
    const address = reader.getByRole("textbox", { name: "Calendar feed address" });
    await expect.poll(() => address.inputValue(), { timeout: 10_000 }).toMatch(/^https?:\/\//);
    const feedUrl = await address.inputValue();
    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    expect(ics).toContain("BEGIN:VCALENDAR");
    for (const id of sessionIds) expect(ics).toContain(`UID:${sessionEventUid(id)}`);
  });

  it("the member marks a chapter read in the reader; the organiser's progress grid shows it", async () => {
    const first = text.chapters[0];
    if (!first) throw new Error("no chapter");
    await reader.goto(`/groups/${DEMO_GROUP_ID}/texts/${text.id}/chapters/${first.id}`);
    await reader.getByRole("button", { name: "Mark chapter as read" }).click();
    await reader.getByRole("button", { name: /Read/, pressed: true }).waitFor();

    await organiser.goto(`/groups/${DEMO_GROUP_ID}/assignments`);
    const grid = organiser.getByRole("table");
    await grid.waitFor();
    // The column of the chapter (its header link's title names chapter and text).
    const column = await grid.evaluate(
      (table, name) =>
        [...table.querySelectorAll("thead th")].findIndex(
          (th) => th.querySelector("a")?.getAttribute("title") === name,
        ),
      `${first.title} — ${text.title}`,
    );
    expect(column).toBeGreaterThan(0);
    const rosa = grid.getByRole("row", { name: /Rosa Lindqvist/ });
    await expect
      .poll(() =>
        rosa
          .getByRole("cell")
          .nth(column - 1)
          .textContent(),
      )
      .toBe("✓Read");
    await grid
      .getByRole("columnheader", { name: new RegExp(first.title) })
      .first()
      .scrollIntoViewIfNeeded();
    await shots(organiser, "progress-grid");
  });
});
