import ical from "node-ical";
import type { VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { groupFixture } from "@/tests/helpers/group-fixture";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

type SessionJson = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: "scheduled" | "cancelled";
  sequence: number;
  seriesId: string | null;
  chapters: { id: string; title: string; textId: string }[];
  rsvp: {
    counts: { going: number; maybe: number; not_going: number };
    names: Record<"going" | "maybe" | "not_going", { userId: string; name: string }[]>;
    mine: string | null;
  };
  roles: { role: string; user: { id: string } }[];
};

/** A text of six chapters in the fixture's group. */
async function sixChapterText(groupId: string) {
  return db.text.create({
    data: {
      groupId,
      title: "A Six-Chapter Book",
      sourceFormat: "txt",
      chapters: {
        create: Array.from({ length: 6 }, (_, index) => ({
          index,
          title: `Part ${index + 1}`,
          wordCount: 1000 * (index + 1),
        })),
      },
    },
    include: { chapters: { orderBy: { index: "asc" } } },
  });
}

const plan = (textId: string) => ({
  textId,
  title: "Our reading of the book",
  mode: { kind: "chapters", perSession: 2 },
  weekdays: [2],
  startTime: "19:30",
  durationMinutes: 90,
  timeZone: "Europe/London",
  startDate: "2030-03-01",
  skipDates: ["2030-03-12"],
  rotateRoles: true,
});

describe("series planner", () => {
  it("POST /api/groups/{id}/sessions/series/preview shows the whole plan and stores nothing", async () => {
    const text = await sixChapterText(ctx.fixture.groupId);
    const before = await db.discussionSession.count({ where: { groupId: ctx.fixture.groupId } });
    const preview = await ctx.cast.clients.moderator.json<{
      sessions: { title: string; startsAt: string; localDate: string; chapterIds: string[] }[];
    }>(`/api/groups/${ctx.fixture.groupId}/sessions/series/preview`, {
      method: "POST",
      json: plan(text.id),
    });
    expect(preview.status).toBe(200);
    // Tuesdays from 1 March 2030, skipping the 12th; 19:30 London is GMT until 31 March.
    expect(preview.body.sessions.map((session) => session.localDate)).toEqual([
      "2030-03-05",
      "2030-03-19",
      "2030-03-26",
    ]);
    expect(preview.body.sessions[0]?.startsAt).toBe("2030-03-05T19:30:00Z");
    expect(preview.body.sessions[0]?.chapterIds).toEqual([
      text.chapters[0]?.id,
      text.chapters[1]?.id,
    ]);
    expect(await db.discussionSession.count({ where: { groupId: ctx.fixture.groupId } })).toBe(
      before,
    );
  });

  it("POST /api/groups/{id}/sessions/series creates series, sessions, chapters, assignments and roles in one step", async () => {
    const text = await sixChapterText(ctx.fixture.groupId);
    const created = await ctx.cast.clients.owner.json<{ seriesId: string; sessionIds: string[] }>(
      `/api/groups/${ctx.fixture.groupId}/sessions/series`,
      { method: "POST", json: plan(text.id) },
    );
    expect(created.status).toBe(201);
    expect(created.body.sessionIds).toHaveLength(3);
    const series = await db.sessionSeries.findUniqueOrThrow({
      where: { id: created.body.seriesId },
      include: { sessions: { include: { chapters: true, roles: true, assignments: true } } },
    });
    expect(series.textId).toBe(text.id);
    expect(series.sessions).toHaveLength(3);
    for (const session of series.sessions) {
      expect(session.chapters).toHaveLength(2);
      expect(session.assignments).toHaveLength(2);
      expect(session.roles.map((role) => role.role).sort()).toEqual([
        "LEAD",
        "QUESTIONS",
        "SUMMARISER",
      ]);
    }
    // The lead moves on from session to session.
    const leads = series.sessions
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map((session) => session.roles.find((role) => role.role === "LEAD")?.userId);
    expect(new Set(leads).size).toBe(3);

    const list = await ctx.cast.clients.member.json<{ sessions: SessionJson[] }>(
      `/api/groups/${ctx.fixture.groupId}/sessions`,
    );
    expect(list.status).toBe(200);
    const first = list.body.sessions.find((session) => session.id === created.body.sessionIds[0]);
    expect(first).toMatchObject({
      title: "Session 1: Chapters 1–2",
      startsAt: "2030-03-05T19:30:00.000Z",
      endsAt: "2030-03-05T21:00:00.000Z",
      chapters: [
        { id: text.chapters[0]?.id, title: "Part 1", textId: text.id },
        { id: text.chapters[1]?.id, title: "Part 2", textId: text.id },
      ],
    });
    // Members were told once about the whole series; the organiser was not.
    expect(
      await db.notification.count({
        where: { userId: ctx.cast.users.member.id, kind: "session.series" },
      }),
    ).toBe(1);
    expect(
      await db.notification.count({
        where: { userId: ctx.cast.users.owner.id, kind: "session.series" },
      }),
    ).toBe(0);
  });

  it("a member cannot plan a series (403) and a bad plan is refused with the field named", async () => {
    const text = await sixChapterText(ctx.fixture.groupId);
    const denied = await ctx.cast.clients.member.json(
      `/api/groups/${ctx.fixture.groupId}/sessions/series`,
      {
        method: "POST",
        json: plan(text.id),
      },
    );
    expect(denied.status).toBe(403);
    const bad = await ctx.cast.clients.owner.json<{ error: { fields: Record<string, string> } }>(
      `/api/groups/${ctx.fixture.groupId}/sessions/series`,
      { method: "POST", json: { ...plan(text.id), startTime: "25:00" } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("startTime");
  });
});

describe("moving and cancelling", () => {
  it("PATCH with shiftFollowing moves the later sessions of the series by the same local amount", async () => {
    const text = await sixChapterText(ctx.fixture.groupId);
    const created = await ctx.cast.clients.owner.json<{ sessionIds: string[] }>(
      `/api/groups/${ctx.fixture.groupId}/sessions/series`,
      { method: "POST", json: { ...plan(text.id), mode: { kind: "chapters", perSession: 1 } } },
    );
    const [first, second, third, fourth] = created.body.sessionIds;
    const before = await db.discussionSession.findMany({
      where: { id: { in: created.body.sessionIds } },
      orderBy: { startsAt: "asc" },
    });
    // Move the second session (19 March, GMT) a day later; the clocks change on 31 March.
    const moved = await ctx.cast.clients.owner.json<{ session: SessionJson; shifted: string[] }>(
      `/api/sessions/${second}`,
      { method: "PATCH", json: { startsAt: "2030-03-20T19:30:00Z", shiftFollowing: true } },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.session.startsAt).toBe("2030-03-20T19:30:00.000Z");
    expect(moved.body.session.endsAt).toBe("2030-03-20T21:00:00.000Z");
    expect(moved.body.shifted.length).toBe(4);
    const after = new Map(
      (await db.discussionSession.findMany({ where: { id: { in: created.body.sessionIds } } })).map(
        (session) => [session.id, session],
      ),
    );
    // Earlier sessions stay put.
    expect(after.get(first ?? "")?.startsAt.toISOString()).toBe(before[0]?.startsAt.toISOString());
    expect(after.get(first ?? "")?.sequence).toBe(0);
    // 26 March (GMT) → 27 March 19:30 GMT; 2 April (BST) → 3 April 19:30 BST = 18:30Z.
    expect(after.get(third ?? "")?.startsAt.toISOString()).toBe("2030-03-27T19:30:00.000Z");
    expect(after.get(fourth ?? "")?.startsAt.toISOString()).toBe("2030-04-03T18:30:00.000Z");
    expect(after.get(third ?? "")?.sequence).toBe(1);

    // Without shiftFollowing only the one session moves.
    await ctx.cast.clients.owner.json(`/api/sessions/${third}`, {
      method: "PATCH",
      json: { startsAt: "2030-03-28T19:30:00Z" },
    });
    const fourthAgain = await db.discussionSession.findUniqueOrThrow({ where: { id: fourth } });
    expect(fourthAgain.startsAt.toISOString()).toBe("2030-04-03T18:30:00.000Z");
  });

  it("members cannot edit or cancel sessions (403)", async () => {
    const edit = await ctx.cast.clients.member.json(`/api/sessions/${ctx.fixture.sessionId}`, {
      method: "PATCH",
      json: { title: "Mine now" },
    });
    expect(edit.status).toBe(403);
    const cancel = await ctx.cast.clients.member.json(
      `/api/sessions/${ctx.fixture.sessionId}/cancel`,
      {
        method: "POST",
      },
    );
    expect(cancel.status).toBe(403);
  });

  it("cancelling notifies members and keeps the event in the ICS feed as CANCELLED with a higher SEQUENCE", async () => {
    const own = await groupFixture(ctx.cast);
    const { body: feed } = await ctx.cast.clients.member.json<{ url: string }>(
      `/api/groups/${own.groupId}/calendar`,
    );
    const anonymous = new URL(feed.url).pathname;
    const eventOf = async () => {
      const response = await fetch(new URL(anonymous, ctx.server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/calendar");
      const events = Object.values(ical.sync.parseICS(await response.text())).filter(
        (entry): entry is VEvent => entry?.type === "VEVENT",
      );
      return events.find((event) => event.uid === `session-${own.sessionId}@marginalia`);
    };
    const beforeEvent = await eventOf();
    expect(beforeEvent?.status).toBe("CONFIRMED");
    const sequenceBefore = Number(beforeEvent?.sequence ?? 0);

    const cancelled = await ctx.cast.clients.moderator.json<{ session: SessionJson }>(
      `/api/sessions/${own.sessionId}/cancel`,
      { method: "POST" },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.session.status).toBe("cancelled");

    const afterEvent = await eventOf();
    expect(afterEvent?.status).toBe("CANCELLED");
    expect(Number(afterEvent?.sequence)).toBeGreaterThan(sequenceBefore);
    expect(afterEvent?.start.toISOString()).toBe(beforeEvent?.start.toISOString());

    const notified = await db.notification.findMany({
      where: { groupId: own.groupId, kind: "session.cancelled" },
      select: { userId: true },
    });
    expect(notified.map((row) => row.userId).sort()).toEqual(
      [ctx.cast.users.owner.id, ctx.cast.users.member.id, ctx.cast.users.target.id].sort(),
    );
    // Cancelling again tells nobody twice.
    await ctx.cast.clients.moderator.json(`/api/sessions/${own.sessionId}/cancel`, {
      method: "POST",
    });
    expect(
      await db.notification.count({ where: { groupId: own.groupId, kind: "session.cancelled" } }),
    ).toBe(3);
    // A cancelled session takes no RSVPs.
    const rsvp = await ctx.cast.clients.member.json(`/api/sessions/${own.sessionId}/rsvp`, {
      method: "PUT",
      json: { status: "going" },
    });
    expect(rsvp.status).toBe(409);
  });
});

describe("RSVP", () => {
  it("PUT /api/sessions/{id}/rsvp counts going/maybe/not going with names; the last answer wins", async () => {
    const own = await groupFixture(ctx.cast);
    const answer = (role: "owner" | "moderator" | "member", status: string) =>
      ctx.cast.clients[role].json<{ session: SessionJson }>(`/api/sessions/${own.sessionId}/rsvp`, {
        method: "PUT",
        json: { status },
      });
    expect((await answer("owner", "going")).status).toBe(200);
    await answer("moderator", "going");
    await answer("member", "going");
    const last = await answer("member", "not_going");
    expect(last.body.session.rsvp.counts).toEqual({ going: 2, maybe: 0, not_going: 1 });
    expect(last.body.session.rsvp.mine).toBe("not_going");
    expect(last.body.session.rsvp.names.not_going.map((entry) => entry.userId)).toEqual([
      ctx.cast.users.member.id,
    ]);
    const detail = await ctx.cast.clients.owner.json<{ session: SessionJson }>(
      `/api/sessions/${own.sessionId}`,
    );
    expect(detail.body.session.rsvp.counts.going).toBe(2);
    expect(detail.body.session.rsvp.mine).toBe("going");
    const bad = await ctx.cast.clients.owner.json(`/api/sessions/${own.sessionId}/rsvp`, {
      method: "PUT",
      json: { status: "perhaps" },
    });
    expect(bad.status).toBe(400);
  });
});
