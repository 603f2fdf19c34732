import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;
let secondChapterId: string;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
  secondChapterId = (
    await db.chapter.findFirstOrThrow({ where: { textId: fixture.textId, index: 1 } })
  ).id;
});
afterAll(async () => server?.stop());

type Grid = {
  columns: { chapterId: string; title: string; dueAt: string | null }[];
  rows: {
    userId: string;
    cells: {
      chapterId: string;
      assigned: boolean;
      progress: { fraction: number; completed: boolean } | null;
    }[];
  }[];
  nextSession: { id: string; notStarted: { userId: string; chapters: { id: string }[] }[] } | null;
};

it("assignments to everyone (due by the next session) and to chosen members (due by a date), progress in the grid", async () => {
  // Everyone reads chapter 1 for the fixture's session (the default due: its session).
  const everyone = await cast.clients.owner.json<{
    assignments: { id: string; session: { id: string } | null; forEveryone: boolean }[];
  }>(`/api/groups/${fixture.groupId}/assignments`, {
    method: "POST",
    json: { chapterIds: [fixture.chapterId] },
  });
  expect(everyone.status).toBe(201);
  expect(everyone.body.assignments[0]).toMatchObject({
    forEveryone: true,
    session: { id: fixture.sessionId },
  });
  // Only the member reads chapter 2, by a date.
  const chosen = await cast.clients.moderator.json(`/api/groups/${fixture.groupId}/assignments`, {
    method: "POST",
    json: {
      chapterIds: [secondChapterId],
      memberIds: [cast.users.member.id],
      dueAt: "2031-01-10T12:00:00Z",
    },
  });
  expect(chosen.status).toBe(201);
  // Members may not assign (403), nor assign to outsiders (400).
  expect(
    (
      await cast.clients.member.json(`/api/groups/${fixture.groupId}/assignments`, {
        method: "POST",
        json: { chapterIds: [fixture.chapterId] },
      })
    ).status,
  ).toBe(403);
  expect(
    (
      await cast.clients.owner.json(`/api/groups/${fixture.groupId}/assignments`, {
        method: "POST",
        json: { chapterIds: [fixture.chapterId], memberIds: [cast.users.outsider.id] },
      })
    ).status,
  ).toBe(400);

  // Progress through the reader's endpoint.
  await cast.clients.member.json(`/api/chapters/${fixture.chapterId}/progress`, {
    method: "POST",
    json: { fraction: 0.4, paragraphId: fixture.paragraphIds[0] },
  });
  await cast.clients.moderator.json(`/api/chapters/${fixture.chapterId}/progress`, {
    method: "PUT",
    json: { completed: true },
  });

  const grid = await cast.clients.moderator.json<Grid>(`/api/groups/${fixture.groupId}/progress`);
  expect(grid.status).toBe(200);
  expect(grid.body.columns.map((column) => column.chapterId)).toEqual([
    fixture.chapterId,
    secondChapterId,
  ]);
  const row = (userId: string) => grid.body.rows.find((entry) => entry.userId === userId);
  expect(row(cast.users.member.id)?.cells).toEqual([
    { chapterId: fixture.chapterId, assigned: true, progress: { fraction: 0.4, completed: false } },
    { chapterId: secondChapterId, assigned: true, progress: null },
  ]);
  expect(row(cast.users.moderator.id)?.cells).toEqual([
    { chapterId: fixture.chapterId, assigned: true, progress: { fraction: 1, completed: true } },
    { chapterId: secondChapterId, assigned: false, progress: null },
  ]);
  expect(row(cast.users.owner.id)?.cells[0]).toEqual({
    chapterId: fixture.chapterId,
    assigned: true,
    progress: null,
  });
  expect(grid.body.rows).toHaveLength(4);
  // Before the next session: owner and target have not started chapter 1.
  expect(grid.body.nextSession?.id).toBe(fixture.sessionId);
  expect(grid.body.nextSession?.notStarted.map((entry) => entry.userId).sort()).toEqual(
    [cast.users.owner.id, cast.users.target.id].sort(),
  );

  // Members cannot see everyone's progress.
  expect((await cast.clients.member.json(`/api/groups/${fixture.groupId}/progress`)).status).toBe(
    403,
  );
});

it("GET /api/me/readings: what to read next and by when, finished readings apart", async () => {
  type Readings = {
    next: { chapter: { id: string }; dueAt: string | null; fraction: number }[];
    done: { chapter: { id: string } }[];
  };
  const member = await cast.clients.member.json<Readings>("/api/me/readings");
  expect(member.status).toBe(200);
  const mine = member.body.next.filter((reading) =>
    [fixture.chapterId, secondChapterId].includes(reading.chapter.id),
  );
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: fixture.sessionId },
  });
  expect(mine).toMatchObject([
    { chapter: { id: fixture.chapterId }, dueAt: session.startsAt.toISOString(), fraction: 0.4 },
    { chapter: { id: secondChapterId }, dueAt: "2031-01-10T12:00:00.000Z", fraction: 0 },
  ]);
  const moderator = await cast.clients.moderator.json<Readings>("/api/me/readings");
  expect(moderator.body.done.map((reading) => reading.chapter.id)).toContain(fixture.chapterId);
  expect(moderator.body.next.map((reading) => reading.chapter.id)).not.toContain(secondChapterId);
  // The outsider sees none of this group's readings.
  const outsider = await cast.clients.outsider.json<Readings>("/api/me/readings");
  expect(outsider.body.next.map((reading) => reading.chapter.id)).not.toContain(fixture.chapterId);
});

it("DELETE /api/groups/{id}/assignments/{assignmentId} removes it; another group's id is 404", async () => {
  const list = await cast.clients.member.json<{ assignments: { id: string }[] }>(
    `/api/groups/${fixture.groupId}/assignments`,
  );
  expect(list.status).toBe(200);
  const id = list.body.assignments[0]?.id ?? "";
  const other = await groupFixture(cast);
  expect(
    (
      await cast.clients.owner.json(`/api/groups/${other.groupId}/assignments/${id}`, {
        method: "DELETE",
      })
    ).status,
  ).toBe(404);
  const removed = await cast.clients.owner.request(
    `/api/groups/${fixture.groupId}/assignments/${id}`,
    {
      method: "DELETE",
    },
  );
  expect(removed.status).toBe(204);
});
