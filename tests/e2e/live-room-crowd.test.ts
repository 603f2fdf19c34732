/**
 * A crowded live room: the organiser's browser and sixty members connected from Node with real
 * sockets, each announcing where they read. The presence list shows the count, puts the host and
 * raised hands first, stays collapsed until asked, filters by name, and forgets whoever leaves.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMembership, seedUser } from "@/seeds/factories";
import { newSignedInPage, PHONE, SCREENSHOT_DIR } from "@/tests/e2e/helpers/browser";
import { createDemoChapter, createDemoSession } from "@/tests/e2e/helpers/reading";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";
import { CollabClient } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";

const app = setupE2eApp();
const CROWD = 60;
const FIRST = [
  "Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
  "Kemal", "Lena", "Marek", "Nadia", "Oskar", "Priya", "Quentin", "Rahel", "Soren", "Tamsin",
]; // prettier-ignore
const LAST = ["Abara", "Brennan", "Castellanos"];
// The organiser's browser counts too.
const EVERYONE = CROWD + 1;

type Member = { id: string; name: string; client: CollabClient };

let sessionDoc = "";
let liveUrl = "";
let chapterId = "";
let paragraphIds: string[] = [];
let crowd: Member[] = [];
let host: Page;
let keepAlive: ReturnType<typeof setInterval> | undefined;

const PARAGRAPHS = Array.from(
  { length: 30 },
  (_, i) =>
    `Paragraph ${i + 1}. Sixty readers at once, each somewhere else in the chapter, and the host trying to keep them together.`,
);

function presenceOf(member: Member, index: number) {
  return {
    user: { id: member.id, name: member.name, color: `hsl(${(index * 37) % 360} 45% 45%)` },
    chapterId,
    paragraphId: paragraphIds[index % paragraphIds.length],
    following: index % 7 !== 0,
  };
}

/** Runs `work` on every item, `width` at a time: sign-in hashes passwords, gently does it. */
async function inBatches<T, R>(
  items: T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
) {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width)
    results.push(
      ...(await Promise.all(
        items.slice(start, start + width).map((item, offset) => work(item, start + offset)),
      )),
    );
  return results;
}

/** What the window shows (the helper's full-page shot cannot see inside the scrolling panel). */
async function viewportShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

function people(page: Page): Locator {
  return page.getByRole("region", { name: "People in the room" });
}

function rows(page: Page): Locator {
  return people(page).getByRole("listitem");
}

beforeAll(async () => {
  const created = await createDemoChapter({
    textTitle: "Crowd e2e text",
    chapterTitle: "The Crowded Chapter",
    paragraphs: PARAGRAPHS,
  });
  chapterId = created.chapterId;
  paragraphIds = created.paragraphIds;
  const sessionId = await createDemoSession({
    title: "Crowded session",
    chapterId,
    startsAt: new Date(Date.now() - 5 * 60_000),
    minutes: 65,
  });
  sessionDoc = `session:${sessionId}`;
  liveUrl = `/groups/${DEMO_GROUP_ID}/sessions/${sessionId}/live`;

  // One account each (the demo has four): each account may sign in ten times in 15 minutes.
  const names = Array.from(
    { length: CROWD },
    (_, i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length)]}`,
  );
  crowd = await inBatches(names, 6, async (name, index) => {
    const user = await seedUser({ email: `crowd-${index}@example.test`, name });
    await seedMembership(DEMO_GROUP_ID, user.id);
    const http = new HttpClient(app.url());
    const signedIn = await http.signIn(user.email, user.password);
    if (!signedIn.ok) throw new Error(`sign-in as ${user.email}: ${signedIn.error}`);
    const client = new CollabClient(app.url(), http.cookieHeader());
    await client.connected();
    const joined = await client.join(sessionDoc);
    if (!joined.ok) throw new Error(`${name} could not join: ${JSON.stringify(joined)}`);
    return { id: user.id, name, client };
  });

  host = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
  await host.goto(liveUrl);
  await people(host).waitFor();
  const announce = () =>
    crowd.forEach((member, index) =>
      member.client.setPresence(sessionDoc, presenceOf(member, index)),
    );
  announce();
  // Browsers drop a peer not heard from for 30 s; a real client renews its state every 15 s.
  keepAlive = setInterval(announce, 10_000);
});

afterAll(async () => {
  clearInterval(keepAlive);
  for (const member of crowd) member.client.close();
  await host?.context().close();
});

describe("live room with sixty members", () => {
  it("counts everyone and shows the host and raised hands first, the rest collapsed", async () => {
    await host
      .getByTestId("present-count")
      .filter({ hasText: `(${EVERYONE})` })
      .waitFor();
    expect(await host.getByText(`${EVERYONE} here`).isVisible()).toBe(true);

    const raised = [crowd[41]!, crowd[7]!];
    for (const member of raised)
      expect((await member.client.command(sessionDoc, "hand.raise")).ok).toBe(true);
    await host.getByTestId("queue").getByRole("listitem").nth(1).waitFor();

    const list = rows(host);
    await expect.poll(() => list.count()).toBe(12);
    await expect
      .poll(async () => (await list.nth(2).textContent()) ?? "")
      .toContain(raised[1]!.name);
    expect(await list.nth(0).textContent()).toContain("Olive Organiser");
    expect(await list.nth(1).textContent()).toContain(raised[0]!.name);
    // Everyone else by name, each with where they are reading.
    expect(await list.nth(3).textContent()).toContain("Ada Abara");
    expect(await list.nth(3).textContent()).toContain("The Crowded Chapter · ¶ 1");
    const toggle = people(host).getByRole("button", { name: `Show all ${EVERYONE}` });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.scrollIntoViewIfNeeded();
    await viewportShot(host, "live-room-crowd-desktop");
  });

  it("shows everyone when expanded, and the filter narrows the list", async () => {
    await people(host)
      .getByRole("button", { name: `Show all ${EVERYONE}` })
      .click();
    await expect.poll(() => rows(host).count()).toBe(EVERYONE);
    await viewportShot(host, "live-room-crowd-desktop-expanded");
    expect(
      await people(host).getByRole("button", { name: "Show fewer" }).getAttribute("aria-expanded"),
    ).toBe("true");

    const filter = people(host).getByRole("searchbox", { name: "Find someone in the room" });
    await filter.fill("castellanos");
    await expect.poll(() => rows(host).count()).toBe(20);
    await filter.fill("Ines");
    await expect.poll(() => rows(host).count()).toBe(3);
    await people(host).getByText("3 of 61 match").waitFor();
    await filter.fill("nobody by this name");
    await people(host).getByText("No one here matches").waitFor();
    await filter.fill("");
    await expect.poll(() => rows(host).count()).toBe(EVERYONE);
  });

  it("forgets a member who disconnects", async () => {
    const leaving = crowd.find((member) => member.name === "Hugo Brennan")!;
    leaving.client.close();
    crowd = crowd.filter((member) => member !== leaving);
    await host
      .getByTestId("present-count")
      .filter({ hasText: `(${EVERYONE - 1})` })
      .waitFor();
    expect(await people(host).getByText("Hugo Brennan").count()).toBe(0);
  });

  it("the crowded room at phone width", async () => {
    const phone = await newSignedInPage(
      app.browser(),
      app.url(),
      "reader1@marginalia.test",
      DEMO_PASSWORD,
      { viewport: PHONE },
    );
    await phone.goto(liveUrl);
    await phone.getByRole("button", { name: /Room ·/ }).click();
    // The crowd less the one who left, the organiser and this reader.
    await phone
      .getByTestId("present-count")
      .filter({ hasText: `(${EVERYONE})` })
      .waitFor();
    await expect.poll(() => rows(phone).count()).toBe(12);
    await people(phone).scrollIntoViewIfNeeded();
    await viewportShot(phone, "live-room-crowd-phone");
    await phone.context().close();
  });
});
