import { afterAll, beforeAll, expect, it } from "vitest";
import { hiddenAfterParagraphIndex } from "@/lib/annotations/margin-visibility";
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
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
});
afterAll(async () => server?.stop());

type Body = {
  progress: { fraction: number; paragraphId: string | null; completedAt: string | null } | null;
};

it("progress only moves forward, and marking a chapter read is explicit", async () => {
  const client = cast.clients.member;
  const url = `/api/chapters/${fixture.chapterId}/progress`;
  expect((await client.json<Body>(url)).body.progress).toBeNull();
  await client.json(url, {
    method: "POST",
    json: { fraction: 0.6, paragraphId: fixture.paragraphIds[1] },
  });
  const back = await client.json<Body>(url, {
    method: "POST",
    json: { fraction: 0.2, paragraphId: fixture.paragraphIds[0] },
  });
  expect(back.body.progress).toMatchObject({
    fraction: 0.6,
    paragraphId: fixture.paragraphIds[1],
    completedAt: null,
  });
  const read = await client.json<Body>(url, { method: "PUT", json: { completed: true } });
  expect(read.body.progress?.completedAt).not.toBeNull();
  expect(read.body.progress?.fraction).toBe(1);
  const unread = await client.json<Body>(url, { method: "POST", json: { completed: false } });
  expect(unread.body.progress?.completedAt).toBeNull();
  expect((await client.json(url, { method: "POST", json: { fraction: 2 } })).status).toBe(400);
});

it("with 'hide comments beyond where I have read', later paragraphs' margins stay closed", async () => {
  const userId = cast.users.moderator.id;
  const ids = fixture.paragraphIds;
  expect(await hiddenAfterParagraphIndex(userId, fixture.chapterId, ids)).toBeNull();
  await db.user.update({ where: { id: userId }, data: { hideCommentsBeyondProgress: true } });
  expect(await hiddenAfterParagraphIndex(userId, fixture.chapterId, ids)).toBe(-1);
  await cast.clients.moderator.json(`/api/chapters/${fixture.chapterId}/progress`, {
    method: "POST",
    json: { fraction: 0.4, paragraphId: ids[0] },
  });
  expect(await hiddenAfterParagraphIndex(userId, fixture.chapterId, ids)).toBe(0);
  await cast.clients.moderator.json(`/api/chapters/${fixture.chapterId}/progress`, {
    method: "POST",
    json: { completed: true },
  });
  expect(await hiddenAfterParagraphIndex(userId, fixture.chapterId, ids)).toBeNull();
});
