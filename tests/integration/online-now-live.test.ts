/**
 * "Online now" is live: a page watching a group (`online:watch`) is nudged with `online-changed`
 * when a member's socket connects, opens or leaves one of the group's chapters, or closes, and
 * when someone joins; outsiders cannot watch, and a removed member stops being told.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();
const open: CollabClient[] = [];

type Online = { online: { userId: string }[] };
type Ack = { ok: boolean; error?: string };

async function connect(role: "owner" | "member" | "outsider" | "moderator"): Promise<CollabClient> {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients[role].cookieHeader());
  open.push(client);
  await client.connected();
  return client;
}

/** A watcher of the fixture group, counting the nudges it gets. */
async function watcher(role: "owner" | "member" | "moderator") {
  const client = await connect(role);
  const nudges: unknown[] = [];
  client.socket.on("online-changed", (payload: unknown) => nudges.push(payload));
  const ack = (await client.socket
    .timeout(5000)
    .emitWithAck("online:watch", { groupId: ctx.fixture.groupId })) as Ack;
  expect(ack).toEqual({ ok: true });
  return { client, nudges };
}

async function onlineIds(): Promise<string[]> {
  const { body } = await ctx.cast.clients.owner.json<Online>(
    `/api/groups/${ctx.fixture.groupId}/online`,
  );
  return body.online.map((entry) => entry.userId);
}

/** Waits for the next nudge after `count`, within the 0.1–0.5 s a live update should take. */
async function nextNudge(nudges: unknown[], count: number, what: string): Promise<number> {
  const started = Date.now();
  await waitFor(() => nudges.length > count, 2000, what);
  expect(nudges[count]).toEqual({ groupId: ctx.fixture.groupId });
  return Date.now() - started;
}

afterEach(() => {
  for (const client of open.splice(0)) client.close();
});

describe("online now, live", () => {
  it("a watcher is nudged when a member connects, opens and leaves a chapter, and goes", async () => {
    const { nudges } = await watcher("owner");
    const member = ctx.cast.users.member.id;
    let seen = nudges.length;

    const client = await connect("member");
    const connectMs = await nextNudge(nudges, seen, "nudge on connect");
    expect(await onlineIds()).toContain(member);
    expect(connectMs).toBeLessThan(1000);

    seen = nudges.length;
    expect((await client.join(`chapter:${ctx.fixture.chapterId}`)).ok).toBe(true);
    await nextNudge(nudges, seen, "nudge on opening a chapter");

    seen = nudges.length;
    client.leave(`chapter:${ctx.fixture.chapterId}`);
    await nextNudge(nudges, seen, "nudge on leaving the chapter");

    seen = nudges.length;
    client.close();
    await nextNudge(nudges, seen, "nudge on disconnect");
    expect(await onlineIds()).not.toContain(member);
  });

  it("an outsider cannot watch, and a malformed watch is refused", async () => {
    const outsider = await connect("outsider");
    expect(
      await outsider.socket
        .timeout(5000)
        .emitWithAck("online:watch", { groupId: ctx.fixture.groupId }),
    ).toEqual({ ok: false, error: "not_found" });
    expect(
      await outsider.socket.timeout(5000).emitWithAck("online:watch", { groupId: "../x" }),
    ).toMatchObject({ ok: false, error: "bad_request" });
    // Nor does the outsider's coming and going nudge the group's watchers.
    const { nudges } = await watcher("owner");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = nudges.length;
    const again = await connect("outsider");
    again.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(nudges.length).toBe(seen);
  });

  it("a removed member is no longer told", async () => {
    const { nudges: ownerNudges } = await watcher("owner");
    const { nudges } = await watcher("moderator");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const response = await ctx.cast.clients.owner.request(
      `/api/groups/${ctx.fixture.groupId}/members/${ctx.cast.users.moderator.id}`,
      { method: "DELETE" },
    );
    expect(response.status).toBe(204);
    await waitFor(() => ownerNudges.length > 0, 2000, "the owner hears of the removal");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = nudges.length;
    const member = await connect("member");
    await waitFor(() => ownerNudges.length > 1, 2000, "the owner hears of the member");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(nudges.length).toBe(seen);
    member.close();
  });
});
