import ical from "node-ical";
import type { VEvent } from "node-ical";
import { expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { groupFixture } from "@/tests/helpers/group-fixture";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

/** Fetches a feed URL with no cookies at all, as a calendar client does. */
async function fetchFeed(url: string) {
  const response = await fetch(new URL(new URL(url).pathname, ctx.server.url));
  return { status: response.status, text: await response.text() };
}

function uids(text: string): string[] {
  return Object.values(ical.sync.parseICS(text))
    .filter((entry): entry is VEvent => entry?.type === "VEVENT")
    .map((event) => event.uid);
}

it("GET /api/groups/{id}/calendar gives a stable secret URL that works without a session", async () => {
  const first = await ctx.cast.clients.member.json<{ url: string }>(
    `/api/groups/${ctx.fixture.groupId}/calendar`,
  );
  expect(first.status).toBe(200);
  expect(first.body.url).toMatch(/^http:\/\/.+\/api\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
  const again = await ctx.cast.clients.member.json<{ url: string }>(
    `/api/groups/${ctx.fixture.groupId}/calendar`,
  );
  expect(again.body.url).toBe(first.body.url);
  const feed = await fetchFeed(first.body.url);
  expect(feed.status).toBe(200);
  expect(uids(feed.text)).toContain(`session-${ctx.fixture.sessionId}@marginalia`);
  // Another member's URL is their own.
  const owner = await ctx.cast.clients.owner.json<{ url: string }>(
    `/api/groups/${ctx.fixture.groupId}/calendar`,
  );
  expect(owner.body.url).not.toBe(first.body.url);
});

it("POST /api/groups/{id}/calendar/regenerate: the old URL answers 404, the new one works", async () => {
  const old = await ctx.cast.clients.moderator.json<{ url: string }>(
    `/api/groups/${ctx.fixture.groupId}/calendar`,
  );
  expect((await fetchFeed(old.body.url)).status).toBe(200);
  const fresh = await ctx.cast.clients.moderator.json<{ url: string }>(
    `/api/groups/${ctx.fixture.groupId}/calendar/regenerate`,
    { method: "POST" },
  );
  expect(fresh.status).toBe(200);
  expect(fresh.body.url).not.toBe(old.body.url);
  expect((await fetchFeed(old.body.url)).status).toBe(404);
  expect((await fetchFeed(fresh.body.url)).status).toBe(200);
  // The personal feed regenerates the same way.
  const personal = await ctx.cast.clients.moderator.json<{ url: string }>("/api/me/calendar");
  const personalFresh = await ctx.cast.clients.moderator.json<{ url: string }>(
    "/api/me/calendar/regenerate",
    { method: "POST" },
  );
  expect((await fetchFeed(personal.body.url)).status).toBe(404);
  expect((await fetchFeed(personalFresh.body.url)).status).toBe(200);
});

it("unknown and malformed tokens are 404", async () => {
  const base = `${ctx.server.url}/api/calendar`;
  expect((await fetchFeed(`${base}/${"x".repeat(43)}.ics`)).status).toBe(404);
  expect((await fetchFeed(`${base}/short.ics`)).status).toBe(404);
  expect((await fetchFeed(`${base}/..%2F..%2Fetc.ics`)).status).toBe(404);
});

it("the personal feed holds only sessions of the groups its owner belongs to, and follows membership", async () => {
  const other = await groupFixture(ctx.cast);
  // The member leaves the second group; the outsider never belonged to either.
  await db.membership.delete({
    where: { groupId_userId: { groupId: other.groupId, userId: ctx.cast.users.member.id } },
  });
  const personal = await ctx.cast.clients.member.json<{ url: string }>("/api/me/calendar");
  const events = uids((await fetchFeed(personal.body.url)).text);
  expect(events).toContain(`session-${ctx.fixture.sessionId}@marginalia`);
  expect(events).not.toContain(`session-${other.sessionId}@marginalia`);

  const outsider = await ctx.cast.clients.outsider.json<{ url: string }>("/api/me/calendar");
  const outsiderEvents = uids((await fetchFeed(outsider.body.url)).text);
  expect(outsiderEvents).not.toContain(`session-${ctx.fixture.sessionId}@marginalia`);

  // A group feed of a group the owner has left stops answering.
  const leaving = await groupFixture(ctx.cast);
  const groupFeed = await ctx.cast.clients.moderator.json<{ url: string }>(
    `/api/groups/${leaving.groupId}/calendar`,
  );
  expect((await fetchFeed(groupFeed.body.url)).status).toBe(200);
  await db.membership.delete({
    where: { groupId_userId: { groupId: leaving.groupId, userId: ctx.cast.users.moderator.id } },
  });
  expect((await fetchFeed(groupFeed.body.url)).status).toBe(404);
});

it("GET /api/sessions/{id}/ics downloads one session with its stable id and zone", async () => {
  const response = await ctx.cast.clients.member.request(
    `/api/sessions/${ctx.fixture.sessionId}/ics`,
  );
  expect(response.status).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.ics"/);
  const text = await response.text();
  expect(text).toContain("TZID=Europe/London");
  const [event] = Object.values(ical.sync.parseICS(text)).filter(
    (entry): entry is VEvent => entry?.type === "VEVENT",
  );
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: ctx.fixture.sessionId },
  });
  expect(event?.uid).toBe(`session-${ctx.fixture.sessionId}@marginalia`);
  // ICS times have whole seconds.
  expect(event?.start.getTime()).toBe(Math.floor(session.startsAt.getTime() / 1000) * 1000);
  expect(event?.summary).toBe(session.title);
});
