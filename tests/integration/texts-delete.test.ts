/**
 * Deleting a text (DELETE /api/texts/{textId}): organisers only; the text goes with everything
 * that hangs off its chapters (rows and stored Yjs documents), sessions stay without its
 * chapters, open sockets are told, and another text of the group is left alone.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPrivateNote } from "@/lib/annotations/private-notes";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import type { MatrixRole } from "@/tests/helpers/group-fixture";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();
const clients: CollabClient[] = [];
afterAll(() => {
  for (const client of clients) client.close();
});

async function connect(role: Exclude<MatrixRole, "anonymous">): Promise<CollabClient> {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients[role].cookieHeader());
  clients.push(client);
  await client.connected();
  return client;
}

async function ok(promise: Promise<Record<string, unknown> & { ok: boolean }>) {
  const ack = await promise;
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return ack;
}

/** A second text of the group, with a comment: it must survive the deletion untouched. */
let other: { textId: string; chapterId: string; paragraphId: string };
let threadId: string;
let messageId: string;

/** Every row and stored document that hangs off the fixture's text, counted. */
async function leftovers() {
  const { textId, sessionId } = ctx.fixture;
  const chapters = await db.chapter.findMany({ where: { textId }, select: { id: true } });
  const ids = chapters.map((chapter) => chapter.id);
  const chapterId = { in: ids };
  const docs = await db.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT COUNT(*) FROM "YDocUpdate" WHERE "docName" LIKE ${`%:${ctx.fixture.chapterId}%`})
         + (SELECT COUNT(*) FROM "YDocSnapshot" WHERE "docName" LIKE ${`%:${ctx.fixture.chapterId}%`})
         AS n`;
  return {
    texts: await db.text.count({ where: { id: textId } }),
    chapters: ids.length,
    paragraphs: await db.paragraph.count({ where: { textId } }),
    comments: await db.comment.count({ where: { textId } }),
    flags: await db.commentFlag.count({ where: { comment: { textId } } }),
    hiddenBodies: await db.hiddenCommentBody.count({ where: { commentId: messageId } }),
    progress: await db.readingProgress.count({ where: { chapterId } }),
    assignments: await db.assignment.count({ where: { chapterId } }),
    sessionChapters: await db.sessionChapter.count({ where: { sessionId, chapterId } }),
    heldComments: await db.heldComment.count({ where: { chapterId } }),
    marks: await db.sessionMark.count({ where: { chapterId } }),
    recaps: await db.chapterRecap.count({ where: { chapterId } }),
    notifications: await db.notification.count({
      where: { payload: { path: ["textId"], equals: textId } },
    }),
    processedCommands: await db.processedCommand.count({
      where: { docName: `chapter:${ctx.fixture.chapterId}` },
    }),
    storedDocuments: Number(docs[0]?.n ?? 0),
  };
}

beforeAll(async () => {
  const { fixture } = ctx;
  const owner = ctx.cast.clients.owner;
  const member = ctx.cast.clients.member;
  const chapterDoc = `chapter:${fixture.chapterId}`;

  const otherText = await db.text.create({
    data: {
      groupId: fixture.groupId,
      title: "A text that stays",
      sourceFormat: "txt",
      chapters: { create: [{ index: 0, title: "Staying chapter" }] },
    },
    include: { chapters: true },
  });
  const otherChapterId = otherText.chapters[0]?.id ?? "";
  const otherParagraph = await db.paragraph.create({
    data: { chapterId: otherChapterId, textId: otherText.id, index: 0, text: "first words" },
  });
  other = { textId: otherText.id, chapterId: otherChapterId, paragraphId: otherParagraph.id };
  // The fixture's session covers the text's first chapter; it also covers the other text's.
  await db.sessionChapter.create({
    data: { sessionId: fixture.sessionId, chapterId: otherChapterId, position: 1 },
  });

  const ownerSocket = await connect("owner");
  const memberSocket = await connect("member");
  threadId = randomUUID();
  messageId = randomUUID();
  await ok(
    ownerSocket.command(chapterDoc, "comment.create", {
      threadId,
      messageId,
      anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? "", "Secret"),
      body: "Owner's reading of the opening",
    }),
  );
  // A reply notifies the thread's author (a notification pointing at the chapter).
  const replyId = randomUUID();
  await ok(
    memberSocket.command(chapterDoc, "comment.reply", {
      threadId,
      messageId: replyId,
      body: "I disagree",
    }),
  );
  await waitFor(
    async () =>
      (await db.notification.count({
        where: { dedupeKey: { startsWith: `comment:${replyId}:` } },
      })) > 0,
    5000,
    "reply notification",
  );
  // A moderator hides the owner's message: its body is kept aside.
  const hide = await ctx.cast.clients.moderator.request(`/api/comments/${messageId}/moderation`, {
    method: "POST",
    json: { action: "hide" },
  });
  expect(hide.status).toBe(200);
  // The member flags the reply.
  expect((await member.request(`/api/comments/${replyId}/flag`, { method: "POST" })).status).toBe(
    201,
  );
  // Private notes of the member (stored as notes:<chapterId>:<userId>).
  const notes = `notes:${fixture.chapterId}`;
  await ok(memberSocket.join(notes));
  await ok(
    memberSocket.edit(notes, (doc) =>
      addPrivateNote(doc, {
        threadId: randomUUID(),
        messageId: randomUUID(),
        anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
        body: "my own thoughts",
        userId: ctx.cast.users.member.id,
      }),
    ),
  );
  // Reading progress, an assignment, a held comment, a mark and a recap.
  expect(
    (
      await member.request(`/api/chapters/${fixture.chapterId}/progress`, {
        method: "POST",
        json: { fraction: 0.5 },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await owner.request(`/api/groups/${fixture.groupId}/assignments`, {
        method: "POST",
        json: { chapterIds: [fixture.chapterId] },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await member.request(`/api/sessions/${fixture.sessionId}/held-comments`, {
        method: "POST",
        json: {
          chapterId: fixture.chapterId,
          anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? "", "Secret"),
          body: "Held until the session",
        },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await member.request(`/api/sessions/${fixture.sessionId}/marks`, {
        method: "POST",
        json: { threadId },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await owner.request(`/api/sessions/${fixture.sessionId}/recap`, {
        method: "PUT",
        json: { chapterId: fixture.chapterId, body: "What we concluded" },
      })
    ).status,
  ).toBe(200);
  // The other text gets a comment of its own.
  await ok(
    ownerSocket.command(`chapter:${other.chapterId}`, "comment.create", {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(other.chapterId, other.paragraphId, "first"),
      body: "On the other text",
    }),
  );
});

describe("DELETE /api/texts/{textId}", () => {
  it("everything to delete is there before", async () => {
    const before = await leftovers();
    for (const [what, count] of Object.entries(before)) expect(count, what).toBeGreaterThan(0);
  });

  it("a member may not (403) and nothing changes", async () => {
    const before = await leftovers();
    const response = await ctx.cast.clients.member.request(`/api/texts/${ctx.fixture.textId}`, {
      method: "DELETE",
    });
    expect(response.status).toBe(403);
    expect(await leftovers()).toEqual(before);
  });

  it("an outsider gets 404, a signed-out caller 401, and nothing changes", async () => {
    const before = await leftovers();
    const path = `/api/texts/${ctx.fixture.textId}`;
    expect((await ctx.cast.clients.outsider.request(path, { method: "DELETE" })).status).toBe(404);
    expect((await ctx.cast.clients.anonymous.request(path, { method: "DELETE" })).status).toBe(401);
    expect(await leftovers()).toEqual(before);
  });

  it("an unknown text is 404", async () => {
    const response = await ctx.cast.clients.owner.request(`/api/texts/no-such-text`, {
      method: "DELETE",
    });
    expect(response.status).toBe(404);
  });

  it("the owner deletes it: 204, and nothing of it is left", async () => {
    const { fixture } = ctx;
    const chapterDoc = `chapter:${fixture.chapterId}`;
    const watcher = await connect("member");
    await ok(watcher.join(chapterDoc));
    await ok(watcher.join(`notes:${fixture.chapterId}`));
    const otherWatcher = `chapter:${other.chapterId}`;
    await ok(watcher.join(otherWatcher));

    const response = await ctx.cast.clients.owner.request(`/api/texts/${fixture.textId}`, {
      method: "DELETE",
    });
    expect(response.status).toBe(204);

    const after = await leftovers();
    for (const [what, count] of Object.entries(after)) expect(count, what).toBe(0);

    // The open socket is told about both of the chapter's documents, and keeps the other text's.
    await waitFor(() => watcher.errors.length >= 2, 5000, "y-error on the deleted documents");
    expect(watcher.errors.map((error) => [error.doc, error.code]).sort()).toEqual([
      [chapterDoc, "not_found"],
      [`notes:${fixture.chapterId}`, "not_found"],
    ]);
    expect(await watcher.join(otherWatcher)).toEqual({ ok: true, writable: false });
    // A fresh join answers not_found.
    const late = await connect("owner");
    expect(await late.join(chapterDoc)).toEqual({ ok: false, error: "not_found" });
    expect(await late.join(`notes:${fixture.chapterId}`)).toEqual({
      ok: false,
      error: "not_found",
    });
  });

  it("the library, the text's pages and API no longer have it", async () => {
    const { fixture } = ctx;
    const owner = ctx.cast.clients.owner;
    const library = await owner.json<{ texts: { id: string }[] }>(
      `/api/groups/${fixture.groupId}/texts`,
    );
    expect(library.body.texts.map((text) => text.id)).toEqual([other.textId]);
    expect((await owner.request(`/api/texts/${fixture.textId}`)).status).toBe(404);
    expect((await owner.request(`/api/chapters/${fixture.chapterId}`)).status).toBe(404);
    const page = `/groups/${fixture.groupId}/texts/${fixture.textId}`;
    expect((await owner.request(page)).status).toBe(404);
    expect((await owner.request(`${page}/chapters/${fixture.chapterId}`)).status).toBe(404);
  });

  it("the session stays, without the deleted chapters; the other text is untouched", async () => {
    const { fixture } = ctx;
    const session = await db.discussionSession.findUnique({
      where: { id: fixture.sessionId },
      select: { chapters: { select: { chapterId: true } } },
    });
    expect(session?.chapters).toEqual([{ chapterId: other.chapterId }]);
    const response = await ctx.cast.clients.member.request(`/api/sessions/${fixture.sessionId}`);
    expect(response.status).toBe(200);
    expect(await db.comment.count({ where: { textId: other.textId } })).toBe(1);
    expect(
      await db.yDocUpdate.count({ where: { docName: `chapter:${other.chapterId}` } }),
    ).toBeGreaterThan(0);
  });
});
