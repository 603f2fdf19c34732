import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { runDueReminders } from "@/lib/sessions/reminders/run-due-reminders";
import { castUsers, groupFixture, type Cast } from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
});
afterAll(async () => server?.stop());

const HOUR = 3_600_000;

it("reminders go once per member per session, never to those who declined, never for cancelled sessions", async () => {
  const fixture = await groupFixture(cast);
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: fixture.sessionId },
  });
  const start = session.startsAt.getTime();
  // The member declines (through the API, as the page does); the moderator says maybe.
  await cast.clients.member.json(`/api/sessions/${fixture.sessionId}/rsvp`, {
    method: "PUT",
    json: { status: "not_going" },
  });
  await cast.clients.moderator.json(`/api/sessions/${fixture.sessionId}/rsvp`, {
    method: "PUT",
    json: { status: "maybe" },
  });
  const remindedFor = async () =>
    (
      await db.notification.findMany({
        where: {
          kind: "session.reminder",
          payload: { path: ["sessionId"], equals: fixture.sessionId },
        },
        select: { userId: true },
      })
    )
      .map((row) => row.userId)
      .sort();

  // Too early: nothing.
  await runDueReminders(new Date(start - 30 * HOUR));
  expect(await remindedFor()).toEqual([]);

  // 23 hours ahead, twice (as two processes or two ticks would).
  await Promise.all([
    runDueReminders(new Date(start - 23 * HOUR)),
    runDueReminders(new Date(start - 23 * HOUR)),
  ]);
  await runDueReminders(new Date(start - 23 * HOUR));
  const expected = [cast.users.owner.id, cast.users.moderator.id, cast.users.target.id].sort();
  expect(await remindedFor()).toEqual(expected);

  // The 1-hour lead does not remind the same members again.
  await runDueReminders(new Date(start - 30 * 60_000));
  expect(await remindedFor()).toEqual(expected);

  // The reminder reads well and leads to the session.
  const one = await db.notification.findFirstOrThrow({
    where: { userId: cast.users.owner.id, kind: "session.reminder", groupId: fixture.groupId },
  });
  expect(one.payload).toMatchObject({
    sessionId: fixture.sessionId,
    url: `/groups/${fixture.groupId}/sessions/${fixture.sessionId}`,
  });
  const bell = await cast.clients.owner.json<{ notifications: { kind: string }[] }>(
    "/api/notifications",
  );
  expect(bell.body.notifications.map((row) => row.kind)).toContain("session.reminder");

  // A cancelled session reminds nobody.
  const other = await groupFixture(cast);
  await cast.clients.owner.json(`/api/sessions/${other.sessionId}/cancel`, { method: "POST" });
  const otherStart = (
    await db.discussionSession.findUniqueOrThrow({ where: { id: other.sessionId } })
  ).startsAt;
  expect(await runDueReminders(new Date(otherStart.getTime() - 2 * HOUR))).toMatchObject({
    sent: 0,
  });
});
