import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
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

type List = {
  notifications: { id: string; kind: string; readAt: string | null; payload: { url?: string } }[];
  unread: number;
};

it("a reply notifies the thread's author live; the bell lists it; marking read clears it", async () => {
  const author = new CollabClient(server.url, cast.clients.member.cookieHeader());
  const replier = new CollabClient(server.url, cast.clients.moderator.cookieHeader());
  await Promise.all([author.connected(), replier.connected()]);
  const doc = `chapter:${fixture.chapterId}`;
  const threadId = randomUUID();
  expect(
    (
      await author.command(doc, "comment.create", {
        threadId,
        messageId: randomUUID(),
        anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
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
  const list = await cast.clients.member.json<List>("/api/notifications");
  expect(list.body.unread).toBe(1);
  expect(list.body.notifications[0]).toMatchObject({ kind: "comment.reply", readAt: null });
  expect(list.body.notifications[0]?.payload.url).toContain(`#thread-${threadId}`);
  // Nobody notifies themselves.
  expect((await cast.clients.moderator.json<List>("/api/notifications")).body.unread).toBe(0);

  // Someone else cannot mark it read.
  const id = list.body.notifications[0]?.id ?? "";
  expect(
    (
      await cast.clients.moderator.json<{ updated: number }>("/api/notifications/read", {
        method: "POST",
        json: { ids: [id] },
      })
    ).body.updated,
  ).toBe(0);
  expect(
    (
      await cast.clients.member.json<{ updated: number }>("/api/notifications/read", {
        method: "POST",
        json: { all: true },
      })
    ).body.updated,
  ).toBe(1);
  expect((await cast.clients.member.json<List>("/api/notifications")).body.unread).toBe(0);
  const bad = await cast.clients.member.json("/api/notifications/read", {
    method: "POST",
    json: { ids: "nope" },
  });
  expect(bad.status).toBe(400);
  expect((await cast.clients.anonymous.json("/api/notifications")).status).toBe(401);
  author.close();
  replier.close();
});
