import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addPrivateNote } from "@/lib/annotations/private-notes";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
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
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => server?.stop());

async function connect(role: keyof Cast["clients"]): Promise<CollabClient> {
  const client = new CollabClient(server.url, cast.clients[role].cookieHeader() || undefined);
  clients.push(client);
  await client.connected();
  return client;
}

const chapterDoc = () => `chapter:${fixture.chapterId}`;
const createComment = (client: CollabClient, body = "A first thought", threadId = randomUUID()) =>
  client.command(chapterDoc(), "comment.create", {
    threadId,
    messageId: randomUUID(),
    anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? "", "Secret"),
    body,
  });

describe("handshake and join", () => {
  it("a connection without a session is refused with `unauthorized`", async () => {
    const anonymous = new CollabClient(server.url, undefined);
    clients.push(anonymous);
    await expect(anonymous.connected()).rejects.toThrow("unauthorized");
  });

  it("a connection from a foreign Origin is refused even with a valid cookie", async () => {
    const client = new CollabClient(server.url, cast.clients.member.cookieHeader(), {
      origin: "https://evil.example",
    });
    clients.push(client);
    await expect(client.connected()).rejects.toThrow("unauthorized");
  });

  it("join answers bad_request for a malformed name, not_found for another group's document", async () => {
    const member = await connect("member");
    expect(await member.join("nonsense")).toEqual({ ok: false, error: "bad_request" });
    expect(await member.join("chapter:does-not-exist")).toEqual({ ok: false, error: "not_found" });
    const outsider = await connect("outsider");
    expect(await outsider.join(chapterDoc())).toEqual({ ok: false, error: "not_found" });
    expect(await outsider.join(`notes:${fixture.chapterId}`)).toEqual({
      ok: false,
      error: "not_found",
    });
    expect(await outsider.join(`session:${fixture.sessionId}`)).toEqual({
      ok: false,
      error: "not_found",
    });
  });

  it("members read chapter documents, write their notes and the session notes", async () => {
    const member = await connect("member");
    expect(await member.join(chapterDoc())).toEqual({ ok: true, writable: false });
    expect(await member.join(`notes:${fixture.chapterId}`)).toEqual({ ok: true, writable: true });
    expect(await member.join(`session:${fixture.sessionId}`)).toEqual({
      ok: true,
      writable: false,
    });
    expect(await member.join(`session-notes:${fixture.sessionId}`)).toEqual({
      ok: true,
      writable: true,
    });
  });
});

describe("comments", () => {
  it("two clients converge, a late joiner receives everything, and the projection has the rows", async () => {
    const owner = await connect("owner");
    const member = await connect("member");
    await owner.join(chapterDoc());
    await member.join(chapterDoc());
    const threadId = randomUUID();
    const created = await createComment(owner, "Why does the author say this?", threadId);
    expect(created).toMatchObject({ ok: true, type: "comment.create", threadId });
    await waitFor(
      () => Boolean(member.threads(chapterDoc())[threadId]),
      5000,
      "member sees the thread",
    );
    const reply = await member.command(chapterDoc(), "comment.reply", {
      threadId,
      messageId: randomUUID(),
      body: "Because of the context.",
    });
    expect(reply.ok).toBe(true);
    await waitFor(
      () => owner.threads(chapterDoc())[threadId]?.messages.length === 2,
      5000,
      "owner sees the reply",
    );

    const late = await connect("moderator");
    await late.join(chapterDoc());
    await waitFor(
      () => late.threads(chapterDoc())[threadId]?.messages.length === 2,
      5000,
      "late joiner has both",
    );
    expect(Y.encodeStateVector(late.docOf(chapterDoc()))).toEqual(
      Y.encodeStateVector(owner.docOf(chapterDoc())),
    );

    const rows = await db.comment.findMany({ where: { threadId }, orderBy: { position: "asc" } });
    expect(rows.map((row) => [row.authorId, row.isRoot, row.groupId])).toEqual([
      [cast.users.owner.id, true, fixture.groupId],
      [cast.users.member.id, false, fixture.groupId],
    ]);
  });

  it("a command repeated after a reconnect acts once", async () => {
    const member = await connect("member");
    await member.join(chapterDoc());
    const commandId = randomUUID();
    const threadId = randomUUID();
    const fields = {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
      body: "Once only",
    };
    const first = await member.command(chapterDoc(), "comment.create", fields, commandId);
    member.close();
    const again = await connect("member");
    await again.join(chapterDoc());
    const second = await again.command(chapterDoc(), "comment.create", fields, commandId);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: true, threadId, duplicate: true });
    expect(await db.comment.count({ where: { threadId } })).toBe(1);
    // Someone else cannot replay (or probe) another member's command id.
    const other = await connect("moderator");
    expect(await other.command(chapterDoc(), "comment.create", fields, commandId)).toMatchObject({
      ok: false,
      error: "conflict",
    });
  });

  it("a command sent again while the first is still being stored acts once and both answer ok", async () => {
    // A client whose ack timed out resends with the same command id, possibly on another
    // connection, while the first is still in flight (the soak's retries after a SIGKILL).
    const first = await connect("member");
    const second = await connect("member");
    await Promise.all([first.join(chapterDoc()), second.join(chapterDoc())]);
    for (let round = 0; round < 3; round++) {
      const commandId = randomUUID();
      const threadId = randomUUID();
      const fields = {
        threadId,
        messageId: randomUUID(),
        anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
        body: `Sent twice ${round}`,
      };
      const acks = await Promise.all([
        first.command(chapterDoc(), "comment.create", fields, commandId),
        second.command(chapterDoc(), "comment.create", fields, commandId),
        first.command(chapterDoc(), "comment.create", fields, commandId),
      ]);
      expect(acks.map((ack) => [ack.ok, ack.threadId])).toEqual([
        [true, threadId],
        [true, threadId],
        [true, threadId],
      ]);
      expect(acks.filter((ack) => ack.duplicate === true)).toHaveLength(2);
      expect(await db.comment.count({ where: { threadId } })).toBe(1);
    }
  });

  it("an id that already names something else is refused", async () => {
    const member = await connect("member");
    const threadId = randomUUID();
    await createComment(member, "first", threadId);
    const reused = await member.command(chapterDoc(), "comment.create", {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
      body: "second",
    });
    expect(reused).toMatchObject({ ok: false, error: "conflict" });
  });
});

describe("hostile clients change nothing for anyone", () => {
  it("a raw Yjs update to a chapter document is refused, not stored, not broadcast", async () => {
    const attacker = await connect("member");
    const witness = await connect("owner");
    await attacker.join(chapterDoc());
    await witness.join(chapterDoc());
    const before = await db.yDocUpdate.count({ where: { docName: chapterDoc() } });
    const forged = new Y.Doc();
    forged.getMap("threads").set("forged", new Y.Map());
    const ack = await attacker.sendUpdate(chapterDoc(), Y.encodeStateAsUpdate(forged));
    expect(ack).toEqual({ ok: false, error: "read_only" });
    await waitFor(() => attacker.errors.some((e) => e.code === "read_only"), 2000, "y-error");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(witness.threads(chapterDoc()).forged).toBeUndefined();
    expect(await db.yDocUpdate.count({ where: { docName: chapterDoc() } })).toBe(before);
    const fresh = await connect("moderator");
    await fresh.join(chapterDoc());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fresh.threads(chapterDoc()).forged).toBeUndefined();
  });

  it("editing, deleting or resolving another member's comment is forbidden; forged authors are ignored", async () => {
    const author = await connect("owner");
    const other = await connect("member");
    const threadId = randomUUID();
    const messageId = randomUUID();
    await author.command(chapterDoc(), "comment.create", {
      threadId,
      messageId,
      anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
      body: "Mine",
    });
    expect(
      await other.command(chapterDoc(), "comment.edit", { threadId, messageId, body: "Hijacked" }),
    ).toMatchObject({ ok: false, error: "forbidden" });
    expect(
      await other.command(chapterDoc(), "comment.delete", { threadId, messageId }),
    ).toMatchObject({ ok: false, error: "forbidden" });
    expect(await other.command(chapterDoc(), "thread.resolve", { threadId })).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    const row = await db.comment.findUniqueOrThrow({ where: { id: messageId } });
    expect(row).toMatchObject({ body: "Mine", deleted: false, resolved: false });

    const forgedThread = randomUUID();
    const forged = await other.command(chapterDoc(), "comment.create", {
      threadId: forgedThread,
      messageId: randomUUID(),
      anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
      body: "Pretending",
      authorId: cast.users.owner.id,
      createdAt: "2000-01-01T00:00:00.000Z",
    });
    expect(forged.ok).toBe(true);
    const forgedRow = await db.comment.findFirstOrThrow({ where: { threadId: forgedThread } });
    expect(forgedRow.authorId).toBe(cast.users.member.id);
    expect(forgedRow.createdAt.getFullYear()).toBeGreaterThan(2020);
  });

  it("moderators remove anyone's message", async () => {
    const author = await connect("member");
    const moderator = await connect("moderator");
    const threadId = randomUUID();
    const messageId = randomUUID();
    await author.command(chapterDoc(), "comment.create", {
      threadId,
      messageId,
      anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
      body: "Spoiler!",
    });
    expect(
      (await moderator.command(chapterDoc(), "comment.delete", { threadId, messageId })).ok,
    ).toBe(true);
    expect(await db.comment.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      deleted: true,
      body: "",
    });
  });

  it("a member's private notes never reach another member", async () => {
    const writer = await connect("member");
    const reader = await connect("moderator");
    const notes = `notes:${fixture.chapterId}`;
    await writer.join(notes);
    await reader.join(notes);
    // Private notes have the comment document's structure (the server checks it).
    const threadId = randomUUID();
    const ack = await writer.edit(notes, (doc) =>
      addPrivateNote(doc, {
        threadId,
        messageId: randomUUID(),
        anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
        body: "my private thought",
        userId: cast.users.member.id,
      }),
    );
    expect(ack).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.threads(notes)).toEqual({});
    // The writer's own second device gets them back from storage.
    const secondDevice = await connect("member");
    await secondDevice.join(notes);
    await waitFor(
      () => secondDevice.threads(notes)[threadId]?.messages[0]?.body === "my private thought",
      5000,
      "notes restored",
    );
  });

  it("a garbage frame is refused and the socket dropped", async () => {
    const attacker = await connect("member");
    await attacker.join(chapterDoc());
    const disconnected = new Promise<void>((resolve) =>
      attacker.socket.once("disconnect", () => resolve()),
    );
    attacker.socket.emit(
      "y",
      chapterDoc(),
      new Uint8Array([0, 2, 200, 200, 200, 200, 200, 1, 2, 3]),
    );
    await disconnected;
    expect(attacker.errors[0]?.code).toMatch(/bad_message|malformed|too_large/);
  });

  it("an oversized frame drops the socket and stores nothing", async () => {
    const attacker = await connect("member");
    const notes = `notes:${fixture.chapterId}`;
    await attacker.join(notes);
    const before = await db.yDocUpdate.count();
    const disconnected = new Promise<void>((resolve) =>
      attacker.socket.once("disconnect", () => resolve()),
    );
    attacker.socket.emit("y", notes, new Uint8Array(2_000_000));
    await disconnected;
    expect(await db.yDocUpdate.count()).toBe(before);
  });

  it("a flood over the rate limit is refused, then the socket is dropped", async () => {
    const flooder = await connect("member");
    await flooder.join(chapterDoc());
    let disconnected = false;
    flooder.socket.once("disconnect", () => (disconnected = true));
    const errors: string[] = [];
    // Paced below the in-flight cap: the rate limiter answers first, then repeated strikes drop it.
    for (let batch = 0; batch < 20 && !disconnected; batch++) {
      const results = (await Promise.all(
        Array.from({ length: 20 }, () =>
          flooder
            .command(chapterDoc(), "thread.resolve", { threadId: "nope-nope" })
            .catch(() => ({ ok: false, error: "dropped" })),
        ),
      )) as { error?: string }[];
      errors.push(...results.map((r) => r.error ?? "ok"));
    }
    expect(errors).toContain("rate_limited");
    await waitFor(() => disconnected, 5000, "disconnect");
  });

  it("a client that queues too much unfinished work is dropped", async () => {
    const flooder = await connect("member");
    await flooder.join(chapterDoc());
    const disconnected = new Promise<void>((resolve) =>
      flooder.socket.once("disconnect", () => resolve()),
    );
    for (let i = 0; i < 200; i++)
      flooder.socket.emit(
        "command",
        { doc: chapterDoc(), id: randomUUID(), type: "thread.resolve", threadId: "x-x-x-x-x" },
        () => undefined,
      );
    await disconnected;
  });

  it("presence cannot impersonate another user", async () => {
    const liar = await connect("member");
    await liar.join(chapterDoc());
    liar.setPresence(chapterDoc(), { user: { id: cast.users.owner.id, name: "Owner" } });
    await waitFor(() => liar.errors.some((e) => e.code === "forbidden"), 3000, "presence refused");
  });
});

describe("membership changes", () => {
  it("a removed member's open socket loses the document at once", async () => {
    const own = await groupFixture(cast);
    const doc = `chapter:${own.chapterId}`;
    const targetHttp = new HttpClient(server.url);
    expect((await targetHttp.signIn(cast.users.target.email, cast.users.target.password)).ok).toBe(
      true,
    );
    const member = new CollabClient(server.url, targetHttp.cookieHeader());
    clients.push(member);
    await member.connected();
    const owner = await connect("owner");
    expect((await member.join(doc)).ok).toBe(true);
    await owner.join(doc);
    const response = await cast.clients.owner.request(
      `/api/groups/${own.groupId}/members/${cast.users.target.id}`,
      { method: "DELETE" },
    );
    expect(response.status).toBe(204);
    await waitFor(
      () => member.errors.some((e) => e.doc === doc && e.code === "forbidden"),
      5000,
      "revocation",
    );
    const threadId = randomUUID();
    await owner.command(doc, "comment.create", {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(own.chapterId, own.paragraphIds[0] ?? ""),
      body: "After removal",
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(member.threads(doc)[threadId]).toBeUndefined();
    expect(
      await member.command(doc, "comment.reply", {
        threadId,
        messageId: randomUUID(),
        body: "sneaky",
      }),
    ).toMatchObject({ ok: false, error: "not_found" });
  });
});
