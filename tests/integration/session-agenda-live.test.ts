/**
 * Issue 14, point 12: a reader who stays connected sees the group move on. Marks and votes on a
 * session's agenda (`session-marks-changed`) and the group's sessions (`sessions-changed`) are
 * pushed to every member's sockets, on every process, the actor's own other tabs included,
 * within a second; outsiders hear nothing, and a refused change says nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorFor, type CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";
import { withLiveContext, type LiveRole } from "@/tests/integration/live-test-context";

const { ctx, http, connect } = withLiveContext();

/** A second process on the same database: nudges must cross it through the adapter. */
let other: TestServer | undefined;
beforeAll(async () => {
  other = await startTestServer({ databaseUrl: ctx.databaseUrl() });
});
afterAll(async () => {
  await other?.stop();
});

type Heard = { payload: unknown; at: number }[];

/** A socket of `role` (on the other process with `elsewhere`) recording the nudges named `event`. */
async function listener(role: LiveRole, event: string, elsewhere = false) {
  const client = await connect(role, elsewhere ? other?.url : undefined);
  const heard: Heard = [];
  client.socket.on(event, (payload: unknown) => heard.push({ payload, at: Date.now() }));
  return { client, heard };
}

/** Waits until each listener heard one more nudge than `before` said; returns the slowest delay. */
async function everyoneHears(
  listeners: { heard: Heard }[],
  before: number[],
  expected: unknown,
  since: number,
): Promise<number> {
  await waitFor(
    () => listeners.every((l, i) => l.heard.length > (before[i] ?? 0)),
    2000,
    "every member's socket to hear the change",
  );
  let slowest = 0;
  for (const [i, l] of listeners.entries()) {
    const nudge = l.heard[before[i] ?? 0];
    expect(nudge?.payload).toEqual(expected);
    slowest = Math.max(slowest, (nudge?.at ?? 0) - since);
  }
  return slowest;
}

const counts = (listeners: { heard: Heard }[]) => listeners.map((l) => l.heard.length);
const quietly = () => new Promise((resolve) => setTimeout(resolve, 400));

async function thread(client: CollabClient): Promise<string> {
  const threadId = randomUUID();
  const ack = await client.command(`chapter:${ctx.fixture.chapterId}`, "comment.create", {
    threadId,
    messageId: randomUUID(),
    anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[0] ?? ""),
    body: "Worth an evening",
  });
  expect(ack.ok).toBe(true);
  return threadId;
}

describe("session marks and votes, live", () => {
  it("a mark, a vote and the host taking it off reach every member's sockets within a second", async () => {
    const event = "session-marks-changed";
    const members = [
      await listener("owner", event),
      await listener("member", event),
      // The marker's own other tab, and a member connected to the other process.
      await listener("member", event),
      await listener("target", event, true),
    ];
    const outsider = await listener("outsider", event);
    const expected = { groupId: ctx.fixture.groupId, sessionId: ctx.fixture.sessionId };
    const marksPath = `/api/sessions/${ctx.fixture.sessionId}/marks`;
    const threadId = await thread(members[1]!.client);
    const delays: number[] = [];

    let before = counts(members);
    let since = Date.now();
    const marked = await http("member").json<{ markId: string }>(marksPath, {
      method: "POST",
      json: { threadId },
    });
    expect(marked.status).toBe(201);
    delays.push(await everyoneHears(members, before, expected, since));

    before = counts(members);
    since = Date.now();
    const voted = await http("target").json(`${marksPath}/${marked.body.markId}/vote`, {
      method: "PUT",
    });
    expect(voted.body).toEqual({ votes: 2, votedByMe: true });
    delays.push(await everyoneHears(members, before, expected, since));
    // What the nudge makes a client ask for is the change itself.
    const { body } = await http("owner").json<{ marks: { threadId: string; votes: number }[] }>(
      marksPath,
    );
    expect(body.marks).toEqual([expect.objectContaining({ threadId, votes: 2 })]);

    before = counts(members);
    since = Date.now();
    const off = await http("owner").request(`${marksPath}/${marked.body.markId}`, {
      method: "DELETE",
    });
    expect(off.status).toBe(204);
    delays.push(await everyoneHears(members, before, expected, since));

    // Refused changes change nothing and tell nobody.
    before = counts(members);
    const refused = await http("member").json(marksPath, {
      method: "POST",
      json: { threadId: "no-such-thread" },
    });
    expect(refused.status).toBe(400);
    await quietly();
    expect(counts(members)).toEqual(before);
    expect(outsider.heard).toEqual([]);
    console.log(`session-marks-changed delays (ms): ${delays.join(", ")}`);
    for (const delay of delays) expect(delay).toBeLessThan(1000);
  });
});

describe("the group's sessions, live", () => {
  it("scheduling, moving and cancelling a session reach every member's sockets, the scheduler's other tab too", async () => {
    const event = "sessions-changed";
    const members = [
      // The scheduler's reader tab: their own change must reach it as well.
      await listener("owner", event),
      await listener("member", event),
      await listener("moderator", event, true),
    ];
    const outsider = await listener("outsider", event);
    const expected = { groupId: ctx.fixture.groupId };
    const nextSession = () =>
      http("member").json<{ session: { id: string; title: string } | null }>(
        `/api/chapters/${ctx.fixture.chapterId}/next-session`,
      );
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    const delays: number[] = [];

    let before = counts(members);
    let since = Date.now();
    const created = await http("owner").json<{ session: { id: string } }>(
      `/api/groups/${ctx.fixture.groupId}/sessions`,
      {
        method: "POST",
        json: {
          title: "Sooner than planned",
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          chapterIds: [ctx.fixture.chapterId],
        },
      },
    );
    expect(created.status).toBe(201);
    delays.push(await everyoneHears(members, before, expected, since));
    const sessionId = created.body.session.id;
    expect((await nextSession()).body.session?.id).toBe(sessionId);

    before = counts(members);
    since = Date.now();
    const later = new Date(startsAt.getTime() + 3_600_000);
    const moved = await http("owner").request(`/api/sessions/${sessionId}`, {
      method: "PATCH",
      json: {
        startsAt: later.toISOString(),
        endsAt: new Date(later.getTime() + 3_600_000).toISOString(),
      },
    });
    expect(moved.status).toBe(200);
    delays.push(await everyoneHears(members, before, expected, since));

    before = counts(members);
    since = Date.now();
    const cancelled = await http("owner").request(`/api/sessions/${sessionId}/cancel`, {
      method: "POST",
    });
    expect(cancelled.status).toBe(200);
    delays.push(await everyoneHears(members, before, expected, since));
    expect((await nextSession()).body.session?.id).toBe(ctx.fixture.sessionId);

    // Cancelling again changes nothing and tells nobody; nor does an edit that is refused.
    before = counts(members);
    await http("owner").request(`/api/sessions/${sessionId}/cancel`, { method: "POST" });
    const refused = await http("member").request(`/api/sessions/${ctx.fixture.sessionId}`, {
      method: "PATCH",
      json: { title: "Mine now" },
    });
    expect(refused.status).toBe(403);
    await quietly();
    expect(counts(members)).toEqual(before);
    expect(outsider.heard).toEqual([]);
    console.log(`sessions-changed delays (ms): ${delays.join(", ")}`);
    for (const delay of delays) expect(delay).toBeLessThan(1000);
  });
});
