/**
 * The live room over real sockets and the real API: host controls enforced by the server
 * (spotlight, queue, floor, hand-over), followers receiving spotlight changes, threads brought
 * from the margins in passage order with votes, recaps pinned to chapters, and the archive.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { readLive } from "@/lib/sessions/live/document/session-document";
import { db } from "@/lib/db/prisma";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";
import { anchorFor, type CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withLiveContext, type LiveRole } from "@/tests/integration/live-test-context";

const { ctx, http, connect } = withLiveContext();
type Role = LiveRole;

const sessionDoc = () => `session:${ctx.fixture.sessionId}`;
const liveOf = (client: CollabClient) => readLive(client.docOf(sessionDoc()));
const paragraph = (index: number) => ctx.fixture.paragraphIds[index] ?? "";

async function joined(role: Role): Promise<CollabClient> {
  const client = await connect(role);
  expect((await client.join(sessionDoc())).ok).toBe(true);
  return client;
}

describe("session commands: host vs. member", () => {
  it("only the host sets and clears the spotlight; every following client receives it", async () => {
    const host = await joined("owner");
    const followers = await Promise.all(
      ["member", "target", "moderator"].map((r) => joined(r as Role)),
    );

    const refused = await followers[0]!.command(sessionDoc(), "spotlight.set", {
      chapterId: ctx.fixture.chapterId,
      paragraphId: paragraph(0),
    });
    expect(refused).toMatchObject({ ok: false, error: "forbidden" });

    const set = await host.command(sessionDoc(), "spotlight.set", {
      chapterId: ctx.fixture.chapterId,
      paragraphId: paragraph(1),
      start: 2,
      end: 8,
    });
    expect(set.ok).toBe(true);
    await waitFor(
      () => followers.every((f) => liveOf(f).spotlight?.paragraphId === paragraph(1)),
      5_000,
      "spotlight at every follower",
    );
    for (const follower of followers)
      expect(liveOf(follower).spotlight).toMatchObject({
        start: 2,
        end: 8,
        setBy: ctx.cast.users.owner.id,
      });

    await host.command(sessionDoc(), "spotlight.set", {
      chapterId: ctx.fixture.chapterId,
      paragraphId: paragraph(0),
    });
    await waitFor(() => followers.every((f) => liveOf(f).spotlight?.paragraphId === paragraph(0)));
    // The history is the agenda, oldest first.
    expect(
      liveOf(followers[1]!)
        .agenda.map((s) => s.paragraphId)
        .slice(-2),
    ).toEqual([paragraph(1), paragraph(0)]);

    expect(await followers[0]!.command(sessionDoc(), "spotlight.clear")).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect((await host.command(sessionDoc(), "spotlight.clear")).ok).toBe(true);
    await waitFor(() => followers.every((f) => liveOf(f).spotlight === null));
  });

  it("members raise and lower their own hands; the host sees the queue in order, gives the floor and lowers others", async () => {
    const host = await joined("owner");
    const member = await joined("member");
    const target = await joined("target");
    expect((await member.command(sessionDoc(), "hand.raise")).ok).toBe(true);
    expect((await target.command(sessionDoc(), "hand.raise")).ok).toBe(true);
    await waitFor(() => liveOf(host).queue.length === 2);
    expect(liveOf(host).queue.map((h) => h.userId)).toEqual([
      ctx.cast.users.member.id,
      ctx.cast.users.target.id,
    ]);

    // A member cannot give the floor or lower someone else's hand.
    expect(
      await member.command(sessionDoc(), "floor.give", { userId: ctx.cast.users.member.id }),
    ).toMatchObject({ ok: false, error: "forbidden" });
    expect(
      await member.command(sessionDoc(), "hand.lower", { userId: ctx.cast.users.target.id }),
    ).toMatchObject({ ok: false, error: "forbidden" });

    expect(
      (await host.command(sessionDoc(), "floor.give", { userId: ctx.cast.users.target.id })).ok,
    ).toBe(true);
    await waitFor(() => liveOf(member).floor === ctx.cast.users.target.id);
    expect(liveOf(member).queue.map((h) => h.userId)).toEqual([ctx.cast.users.member.id]);

    expect(
      (await host.command(sessionDoc(), "hand.lower", { userId: ctx.cast.users.member.id })).ok,
    ).toBe(true);
    await waitFor(() => liveOf(member).queue.length === 0);
    // Lowering your own hand, raised again, is yours to do.
    await member.command(sessionDoc(), "hand.raise");
    expect((await member.command(sessionDoc(), "hand.lower")).ok).toBe(true);
  });

  it("host.hand passes the controls: the new host spotlights, other members still cannot", async () => {
    const owner = await joined("owner");
    const member = await joined("member");
    const target = await joined("target");
    expect(
      await target.command(sessionDoc(), "host.hand", { userId: ctx.cast.users.target.id }),
    ).toMatchObject({ ok: false, error: "forbidden" });
    expect(
      (await owner.command(sessionDoc(), "host.hand", { userId: ctx.cast.users.member.id })).ok,
    ).toBe(true);
    await waitFor(() => liveOf(member).host === ctx.cast.users.member.id);
    const spot = await member.command(sessionDoc(), "spotlight.set", {
      chapterId: ctx.fixture.chapterId,
      paragraphId: paragraph(1),
    });
    expect(spot.ok).toBe(true);
    expect(
      await target.command(sessionDoc(), "spotlight.set", {
        chapterId: ctx.fixture.chapterId,
        paragraphId: paragraph(0),
      }),
    ).toMatchObject({ ok: false, error: "forbidden" });
    // Hand it back so the scheduled host runs the session again.
    expect(
      (await member.command(sessionDoc(), "host.hand", { userId: ctx.cast.users.owner.id })).ok,
    ).toBe(true);
  });
});

describe("agenda from the margins", () => {
  async function thread(role: Role, paragraphIndex: number, body: string): Promise<string> {
    const client = await connect(role);
    const threadId = randomUUID();
    const ack = await client.command(`chapter:${ctx.fixture.chapterId}`, "comment.create", {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(
        ctx.fixture.chapterId,
        paragraph(paragraphIndex),
        paragraphIndex ? "A second" : "Secret",
      ),
      body,
    });
    expect(ack.ok).toBe(true);
    return threadId;
  }
  const marksPath = () => `/api/sessions/${ctx.fixture.sessionId}/marks`;
  type Mark = {
    id: string;
    threadId: string;
    votes: number;
    votedByMe: boolean;
    paragraphIndex: number;
  };
  const list = async (role: Role) =>
    ((await http(role).json(marksPath())).body as { marks: Mark[] }).marks;

  it("members mark threads and vote; the list is in passage order (chapter, paragraph), then votes", async () => {
    const late = await thread("member", 1, "About the second paragraph");
    const early = await thread("target", 0, "About the first paragraph");
    const lateMark = await ctx.cast.clients.member.json(marksPath(), {
      method: "POST",
      json: { threadId: late },
    });
    expect(lateMark.status).toBe(201);
    const earlyMark = await http("target").json(marksPath(), {
      method: "POST",
      json: { threadId: early },
    });
    expect(earlyMark.status).toBe(201);
    // Marking again adds the caller's vote instead of a second mark.
    expect(
      (
        await ctx.cast.clients.moderator.json(marksPath(), {
          method: "POST",
          json: { threadId: late },
        })
      ).status,
    ).toBe(200);
    const lateId = (lateMark.body as { markId: string }).markId;
    for (let i = 0; i < 2; i++)
      expect(
        (await ctx.cast.clients.owner.json(`${marksPath()}/${lateId}/vote`, { method: "PUT" }))
          .body,
      ).toEqual({ votes: 3, votedByMe: true });

    const marks = await list("owner");
    expect(marks.map((m) => m.threadId)).toEqual([early, late]);
    expect(marks.map((m) => m.votes)).toEqual([1, 3]);
    expect(marks.map((m) => m.paragraphIndex)).toEqual([0, 1]);
    expect(marks.find((m) => m.threadId === late)?.votedByMe).toBe(true);

    expect(
      (await ctx.cast.clients.owner.json(`${marksPath()}/${lateId}/vote`, { method: "DELETE" }))
        .body,
    ).toEqual({ votes: 2, votedByMe: false });
    expect(
      (
        await ctx.cast.clients.member.json(marksPath(), {
          method: "POST",
          json: { threadId: "no-such-thread" },
        })
      ).status,
    ).toBe(400);
    // Only who marked it, or the host, takes it off.
    const earlyId = (earlyMark.body as { markId: string }).markId;
    expect(
      (await ctx.cast.clients.member.json(`${marksPath()}/${earlyId}`, { method: "DELETE" }))
        .status,
    ).toBe(403);
    expect(
      (await ctx.cast.clients.owner.json(`${marksPath()}/${earlyId}`, { method: "DELETE" })).status,
    ).toBe(204);
    expect((await list("member")).map((m) => m.threadId)).toEqual([late]);
    expect((await ctx.cast.clients.outsider.json(marksPath())).status).toBe(404);
  });
});

describe("room page, recaps and archive", () => {
  it("GET the live room renders the session's chapter with addressable paragraphs for members only", async () => {
    const path = `/groups/${ctx.fixture.groupId}/sessions/${ctx.fixture.sessionId}/live`;
    const page = await ctx.cast.clients.member.request(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const id of ctx.fixture.paragraphIds) expect(html).toContain(`id="p-${id}"`);
    expect((await ctx.cast.clients.outsider.request(path)).status).toBe(404);
  });

  it("the host pins a recap to a chapter (members cannot); it shows on the reader page; the archive keeps notes and agenda", async () => {
    const recapPath = `/api/sessions/${ctx.fixture.sessionId}/recap`;
    const body = `We agreed the opening is ironic ${randomUUID().slice(0, 6)}`;
    expect(
      (
        await ctx.cast.clients.member.json(recapPath, {
          method: "PUT",
          json: { chapterId: ctx.fixture.chapterId, body },
        })
      ).status,
    ).toBe(403);
    const put = await ctx.cast.clients.owner.json(recapPath, {
      method: "PUT",
      json: { chapterId: ctx.fixture.chapterId, body },
    });
    expect(put.status).toBe(200);
    const listed = await ctx.cast.clients.member.json(recapPath);
    expect(JSON.stringify(listed.body)).toContain(body);
    const reader = await ctx.cast.clients.member.request(
      `/groups/${ctx.fixture.groupId}/texts/${ctx.fixture.textId}/chapters/${ctx.fixture.chapterId}`,
    );
    expect(await reader.text()).toContain(body);

    // Notes typed in the room, and the spotlight history, stay in the archive after the session.
    const writer = await connect("member");
    await writer.join(`session-notes:${ctx.fixture.sessionId}`);
    const note = `Decided: read chapter two aloud ${randomUUID().slice(0, 6)}`;
    const ack = await writer.edit(`session-notes:${ctx.fixture.sessionId}`, (doc: Y.Doc) =>
      doc.getText(SESSION_NOTES_TEXT).insert(0, note),
    );
    expect(ack.ok).toBe(true);
    await db.discussionSession.update({
      where: { id: ctx.fixture.sessionId },
      data: {
        startsAt: new Date(Date.now() - 7_200_000),
        endsAt: new Date(Date.now() - 3_600_000),
      },
    });
    const archive = await http("target").request(
      `/groups/${ctx.fixture.groupId}/sessions/${ctx.fixture.sessionId}`,
    );
    const html = await archive.text();
    expect(html).toContain(note);
    expect(html).toContain("Agenda (passages discussed)");
    expect(html).toContain("Secret first paragraph");
  });
});
