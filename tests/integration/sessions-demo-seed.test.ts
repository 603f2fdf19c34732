import { expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedDemoSchedule } from "@/seeds/demo-schedule";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

it("the demo schedule plans a series with past and coming sessions, RSVPs, roles, assignments and progress, once", async () => {
  const organiser = await seedUser({ name: "Organiser" });
  const group = await seedGroup(organiser, { timeZone: "Europe/London" });
  for (const name of ["Rosa", "Ravi", "Ruth"])
    await seedMembership(group.id, (await seedUser({ name })).id);
  const log: string[] = [];
  // No text yet: nothing happens.
  expect(await seedDemoSchedule({ groupId: group.id, log: (line) => log.push(line) })).toEqual({
    created: false,
  });
  await db.text.create({
    data: {
      groupId: group.id,
      title: "Demo text",
      sourceFormat: "txt",
      chapters: {
        create: Array.from({ length: 8 }, (_, index) => ({ index, title: `Chapter ${index + 1}` })),
      },
    },
  });
  const now = new Date("2026-11-23T12:00:00Z");
  expect(await seedDemoSchedule({ groupId: group.id, log: () => undefined, now })).toEqual({
    created: true,
  });
  const sessions = await db.discussionSession.findMany({
    where: { groupId: group.id },
    include: { rsvps: true, roles: true, assignments: true },
    orderBy: { startsAt: "asc" },
  });
  expect(sessions).toHaveLength(8);
  expect(sessions.filter((session) => session.startsAt < now).length).toBe(2);
  expect(sessions.every((session) => session.roles.length === 3)).toBe(true);
  expect(sessions.every((session) => session.assignments.length === 1)).toBe(true);
  const next = sessions.find((session) => session.startsAt >= now);
  expect(next?.rsvps.map((rsvp) => rsvp.status).sort()).toEqual([
    "GOING",
    "GOING",
    "MAYBE",
    "NOT_GOING",
  ]);
  expect(
    await db.readingProgress.count({ where: { chapter: { text: { groupId: group.id } } } }),
  ).toBeGreaterThan(4);
  // A second run changes nothing.
  expect(await seedDemoSchedule({ groupId: group.id, log: () => undefined, now })).toEqual({
    created: false,
  });
  expect(await db.discussionSession.count({ where: { groupId: group.id } })).toBe(8);
});

it("whatever the weekday it is seeded on, the demo has two past sessions with RSVPs and the third one next", async () => {
  // Monday 2026-11-23 to Monday 2026-11-30, at 20:00 London: a Tuesday after its session too.
  for (let day = 0; day < 8; day += 1) {
    const organiser = await seedUser({ name: `Organiser ${day}` });
    const group = await seedGroup(organiser, { timeZone: "Europe/London" });
    for (const name of ["Rosa", "Ravi", "Ruth"])
      await seedMembership(group.id, (await seedUser({ name: `${name} ${day}` })).id);
    await db.text.create({
      data: {
        groupId: group.id,
        title: "Demo text",
        sourceFormat: "txt",
        chapters: {
          create: Array.from({ length: 6 }, (_, index) => ({
            index,
            title: `Chapter ${index + 1}`,
          })),
        },
      },
    });
    const now = new Date(Date.UTC(2026, 10, 23 + day, 20, 0));
    await seedDemoSchedule({ groupId: group.id, log: () => undefined, now });
    const sessions = await db.discussionSession.findMany({
      where: { groupId: group.id },
      include: { rsvps: true },
      orderBy: { startsAt: "asc" },
    });
    const when = now.toISOString();
    expect(sessions.filter((session) => session.startsAt < now).length, when).toBe(2);
    expect(sessions[2]?.startsAt.getTime(), when).toBeGreaterThan(now.getTime());
    for (const session of sessions.slice(0, 3))
      expect(session.rsvps.filter((rsvp) => rsvp.status === "GOING").length, when).toBeGreaterThan(
        1,
      );
  }
});
