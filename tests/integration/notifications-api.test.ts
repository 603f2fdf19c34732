import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

type List = {
  notifications: { id: string; kind: string; readAt: string | null; payload: { url?: string } }[];
  unread: number;
};

it("a reply notifies the thread's author live; the bell lists it; marking read clears it", async () => {
  const author = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
  const replier = new CollabClient(ctx.server.url, ctx.cast.clients.moderator.cookieHeader());
  await Promise.all([author.connected(), replier.connected()]);
  const doc = `chapter:${ctx.fixture.chapterId}`;
  const threadId = randomUUID();
  expect(
    (
      await author.command(doc, "comment.create", {
        threadId,
        messageId: randomUUID(),
        anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[0] ?? ""),
        body: "What do you make of this?",
      })
    ).ok,
  ).toBe(true);
  expect(
    (
      await replier.command(doc, "comment.reply", {
        threadId,
        messageId: randomUUID(),
        body: "A fair point.",
      })
    ).ok,
  ).toBe(true);

  await waitFor(() => author.notifications.length > 0, 5000, "live notification");
  const list = await ctx.cast.clients.member.json<List>("/api/notifications");
  expect(list.body.unread).toBe(1);
  expect(list.body.notifications[0]).toMatchObject({ kind: "comment.reply", readAt: null });
  expect(list.body.notifications[0]?.payload.url).toContain(`#thread-${threadId}`);
  // Nobody notifies themselves.
  expect((await ctx.cast.clients.moderator.json<List>("/api/notifications")).body.unread).toBe(0);

  // Someone else cannot mark it read.
  const id = list.body.notifications[0]?.id ?? "";
  expect(
    (
      await ctx.cast.clients.moderator.json<{ updated: number }>("/api/notifications/read", {
        method: "POST",
        json: { ids: [id] },
      })
    ).body.updated,
  ).toBe(0);
  expect(
    (
      await ctx.cast.clients.member.json<{ updated: number }>("/api/notifications/read", {
        method: "POST",
        json: { all: true },
      })
    ).body.updated,
  ).toBe(1);
  expect((await ctx.cast.clients.member.json<List>("/api/notifications")).body.unread).toBe(0);
  const bad = await ctx.cast.clients.member.json("/api/notifications/read", {
    method: "POST",
    json: { ids: "nope" },
  });
  expect(bad.status).toBe(400);
  expect((await ctx.cast.clients.anonymous.json("/api/notifications")).status).toBe(401);
  author.close();
  replier.close();
});
