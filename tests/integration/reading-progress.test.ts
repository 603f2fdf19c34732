import { expect, it } from "vitest";
import { hiddenAfterParagraphIndex } from "@/lib/annotations/margin-visibility";
import { db } from "@/lib/db/prisma";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

type Body = {
  progress: { fraction: number; paragraphId: string | null; completedAt: string | null } | null;
};

it("progress only moves forward, and marking a chapter read is explicit", async () => {
  const client = ctx.cast.clients.member;
  const url = `/api/chapters/${ctx.fixture.chapterId}/progress`;
  expect((await client.json<Body>(url)).body.progress).toBeNull();
  await client.json(url, {
    method: "POST",
    json: { fraction: 0.6, paragraphId: ctx.fixture.paragraphIds[1] },
  });
  const back = await client.json<Body>(url, {
    method: "POST",
    json: { fraction: 0.2, paragraphId: ctx.fixture.paragraphIds[0] },
  });
  expect(back.body.progress).toMatchObject({
    fraction: 0.6,
    paragraphId: ctx.fixture.paragraphIds[1],
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
  const userId = ctx.cast.users.moderator.id;
  const ids = ctx.fixture.paragraphIds;
  expect(await hiddenAfterParagraphIndex(userId, ctx.fixture.chapterId, ids)).toBeNull();
  await db.user.update({ where: { id: userId }, data: { hideCommentsBeyondProgress: true } });
  expect(await hiddenAfterParagraphIndex(userId, ctx.fixture.chapterId, ids)).toBe(-1);
  await ctx.cast.clients.moderator.json(`/api/chapters/${ctx.fixture.chapterId}/progress`, {
    method: "POST",
    json: { fraction: 0.4, paragraphId: ids[0] },
  });
  expect(await hiddenAfterParagraphIndex(userId, ctx.fixture.chapterId, ids)).toBe(0);
  await ctx.cast.clients.moderator.json(`/api/chapters/${ctx.fixture.chapterId}/progress`, {
    method: "POST",
    json: { completed: true },
  });
  expect(await hiddenAfterParagraphIndex(userId, ctx.fixture.chapterId, ids)).toBeNull();
});
