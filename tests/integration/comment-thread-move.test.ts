import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { moveCommentThreads } from "@/lib/annotations/move-comment-threads";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

it("splitting a chapter moves the threads of the moved paragraphs to the new chapter's document, live", async () => {
  const [first, second] = ctx.fixture.paragraphIds as [string, string];
  const fromDoc = `chapter:${ctx.fixture.chapterId}`;
  const newChapter = await db.chapter.create({
    data: { textId: ctx.fixture.textId, index: 2, title: "Split off" },
  });
  const toDoc = `chapter:${newChapter.id}`;

  const client = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
  await client.connected();
  await client.join(fromDoc);
  const staying = randomUUID();
  const moving = randomUUID();
  const movingMessage = randomUUID();
  await client.command(fromDoc, "comment.create", {
    threadId: staying,
    messageId: randomUUID(),
    anchor: anchorFor(ctx.fixture.chapterId, first),
    body: "stays",
  });
  await client.command(fromDoc, "comment.create", {
    threadId: moving,
    messageId: movingMessage,
    anchor: anchorFor(ctx.fixture.chapterId, second, "A second"),
    body: "moves",
  });
  await client.command(fromDoc, "reaction.toggle", {
    threadId: moving,
    messageId: movingMessage,
    emoji: "💡",
  });
  await client.command(fromDoc, "comment.reply", {
    threadId: moving,
    messageId: randomUUID(),
    body: "a reply that moves too",
  });

  await db.$transaction(async (tx) => {
    await tx.paragraph.update({
      where: { id: second },
      data: { chapterId: newChapter.id, index: 0 },
    });
    expect(
      await moveCommentThreads(tx, [
        { paragraphId: second, fromChapterId: ctx.fixture.chapterId, toChapterId: newChapter.id },
      ]),
    ).toEqual({ movedThreads: 1, movedNotes: 0 });
  });

  // The reader with the old chapter open sees the thread leave without reloading.
  await waitFor(() => !client.threads(fromDoc)[moving], 5000, "thread leaves the old chapter");
  expect(client.threads(fromDoc)[staying]).toBeDefined();
  await client.join(toDoc);
  await waitFor(
    () => client.threads(toDoc)[moving]?.messages.length === 2,
    5000,
    "thread arrives in the new chapter",
  );
  const moved = client.threads(toDoc)[moving] as unknown as {
    anchor: { chapterId: string };
    messages: { reactions?: Record<string, unknown> }[];
  };
  expect(moved.anchor.chapterId).toBe(newChapter.id);
  expect(Object.keys(moved.messages[0]?.reactions ?? {})).toEqual(["💡"]);
  const rows = await db.comment.findMany({ where: { threadId: moving } });
  expect(rows.every((row) => row.chapterId === newChapter.id)).toBe(true);

  // Commands keep working on both documents afterwards.
  expect(
    (
      await client.command(toDoc, "comment.reply", {
        threadId: moving,
        messageId: randomUUID(),
        body: "after the move",
      })
    ).ok,
  ).toBe(true);
  expect(
    (
      await client.command(fromDoc, "comment.reply", {
        threadId: staying,
        messageId: randomUUID(),
        body: "still here",
      })
    ).ok,
  ).toBe(true);
  client.close();
});

it("the projection is rebuilt from the documents alone", async () => {
  const doc = `chapter:${ctx.fixture.chapterId}`;
  const client = new CollabClient(ctx.server.url, ctx.cast.clients.owner.cookieHeader());
  await client.connected();
  const threadId = randomUUID();
  await client.command(doc, "comment.create", {
    threadId,
    messageId: randomUUID(),
    anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[0] ?? ""),
    body: "Kept in the document",
  });
  client.close();
  const before = await db.comment.findMany({
    where: { chapterId: ctx.fixture.chapterId },
    orderBy: { id: "asc" },
  });
  expect(before.length).toBeGreaterThan(0);
  // Damage the projection: lose a row, corrupt another.
  await db.comment.deleteMany({ where: { threadId } });
  await db.comment.updateMany({
    where: { chapterId: ctx.fixture.chapterId },
    data: { body: "corrupted" },
  });
  const { rebuildCommentProjection } = await import("@/lib/annotations/rebuild-comment-projection");
  const { getPool } = await import("@/lib/db/pool");
  const result = await rebuildCommentProjection(getPool());
  expect(result.rows).toBeGreaterThanOrEqual(before.length);
  const after = await db.comment.findMany({
    where: { chapterId: ctx.fixture.chapterId },
    orderBy: { id: "asc" },
  });
  expect(after.map((row) => [row.id, row.body, row.authorId, row.threadId])).toEqual(
    before.map((row) => [row.id, row.body, row.authorId, row.threadId]),
  );
});
