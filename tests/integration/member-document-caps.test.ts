import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import * as Y from "yjs";
import { addPrivateNote } from "@/lib/annotations/private-notes";
import { db } from "@/lib/db/prisma";
import { getPool } from "@/lib/db/pool";
import { loadStoredState } from "@/lib/documents/store";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

// Small caps keep the test quick; the defaults are 256 K characters and 1 MB encoded.
const ctx = withServerAndFixture({
  REALTIME_MEMBER_DOC_MAX_CHARS: "20000",
  REALTIME_MEMBER_DOC_MAX_BYTES: "60000",
});

const storedRows = (docName: string) => db.yDocUpdate.count({ where: { docName } });

async function storedDoc(docName: string): Promise<Y.Doc> {
  const stored = await loadStoredState(getPool(), docName);
  const doc = new Y.Doc();
  if (stored.updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
  return doc;
}

async function member(role: "member" | "moderator" | "owner"): Promise<CollabClient> {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients[role].cookieHeader());
  await client.connected();
  return client;
}

it("shared notes over the cap are refused with a clear message, and the change is not applied, stored or broadcast", async () => {
  const doc = `session-notes:${ctx.fixture.sessionId}`;
  const writer = await member("member");
  const peer = await member("moderator");
  expect((await writer.join(doc)).ok).toBe(true);
  expect((await peer.join(doc)).ok).toBe(true);

  const first = await writer.edit(doc, (ydoc) =>
    ydoc.getText("notes").insert(0, "a".repeat(15_000)),
  );
  expect(first).toMatchObject({ ok: true });
  await waitFor(() => peer.docOf(doc).getText("notes").length === 15_000, 5000, "peer has it");
  const rows = await storedRows(doc);

  const over = await writer.edit(doc, (ydoc) =>
    ydoc.getText("notes").insert(0, "b".repeat(10_000)),
  );
  expect(over).toMatchObject({ ok: false, error: "document_too_large" });
  expect(String(over.message)).toMatch(/The shared notes would exceed 20,000 characters/);
  await waitFor(
    () => writer.errors.some((error) => error.code === "document_too_large"),
    5000,
    "y-error",
  );
  // Still connected: the writer is told, not dropped.
  expect(writer.socket.connected).toBe(true);
  expect(await storedRows(doc)).toBe(rows);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(peer.docOf(doc).getText("notes").length).toBe(15_000);
  const fresh = await member("owner");
  expect((await fresh.join(doc)).ok).toBe(true);
  await waitFor(() => fresh.docOf(doc).getText("notes").length > 0, 5000, "fresh join");
  expect(fresh.docOf(doc).getText("notes").toJSON()).toBe("a".repeat(15_000));
  expect((await storedDoc(doc)).getText("notes").length).toBe(15_000);

  // Trimming is always allowed; the peer's copy follows.
  const trim = await peer.edit(doc, (ydoc) => ydoc.getText("notes").delete(0, 5_000));
  expect(trim.ok).toBe(true);
  await waitFor(() => fresh.docOf(doc).getText("notes").length === 10_000, 5000, "trimmed");
  for (const client of [writer, peer, fresh]) client.close();
});

it("private notes of the wrong structure are refused on write and not stored", async () => {
  const { chapterId } = ctx.fixture;
  const doc = `notes:${chapterId}`;
  const storage = `${doc}:${ctx.cast.users.member.id}`;
  const writer = await member("member");
  expect((await writer.join(doc)).ok).toBe(true);
  const good = await writer.edit(doc, (ydoc) =>
    addPrivateNote(ydoc, {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(chapterId, ctx.fixture.paragraphIds[0] ?? ""),
      body: "a well-formed note",
      userId: ctx.cast.users.member.id,
    }),
  );
  expect(good).toMatchObject({ ok: true });
  const rows = await storedRows(storage);

  // Each attempt from a fresh client: after a refusal a client's later changes build on what
  // was refused, and are refused for that (covered below).
  const attempt = async (change: (ydoc: Y.Doc) => void) => {
    const client = await member("member");
    expect((await client.join(doc)).ok).toBe(true);
    await waitFor(() => client.docOf(doc).getMap("threads").size === 1, 5000, "synced");
    const ack = await client.edit(doc, change);
    client.close();
    return ack;
  };
  const broken = await attempt((ydoc) =>
    ydoc.getMap("threads").set("not-a-thread-id", "just a string"),
  );
  expect(broken).toMatchObject({ ok: false, error: "invalid_document" });
  expect(String(broken.message)).toMatch(/Notes not saved: a note is not a map/);
  const stray = await attempt((ydoc) => ydoc.getArray("elsewhere").push(["x"]));
  expect(stray).toMatchObject({ ok: false, error: "invalid_document" });
  const tooLong = await attempt((ydoc) =>
    addPrivateNote(ydoc, {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(chapterId, ctx.fixture.paragraphIds[0] ?? ""),
      body: "x".repeat(10_001),
      userId: ctx.cast.users.member.id,
    }),
  );
  expect(tooLong).toMatchObject({ ok: false, error: "invalid_document" });
  const afterRefusal = await writer.edit(doc, (ydoc) =>
    ydoc.getMap("threads").set("not-a-thread-id", "just a string"),
  );
  expect(afterRefusal).toMatchObject({ ok: false, error: "invalid_document" });
  const buildsOnIt = await writer.edit(doc, (ydoc) =>
    addPrivateNote(ydoc, {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(chapterId, ctx.fixture.paragraphIds[0] ?? ""),
      body: "well-formed, but after a refused change",
      userId: ctx.cast.users.member.id,
    }),
  );
  expect(buildsOnIt).toMatchObject({ ok: false, error: "invalid_document" });
  expect(String(buildsOnIt.message)).toMatch(/builds on one that was not saved/);
  expect(await storedRows(storage), "nothing refused was stored").toBe(rows);
  expect([...(await storedDoc(storage)).getMap("threads").keys()]).toHaveLength(1);
  writer.close();
});

it("a chapter merge succeeds although a member's private notes hold malformed entries, and the good notes move", async () => {
  const { chapterId } = ctx.fixture;
  const chapter = await db.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { textId: true, index: true },
  });
  const next = await db.chapter.findFirstOrThrow({
    where: { textId: chapter.textId, index: { gt: chapter.index } },
    orderBy: { index: "asc" },
    select: { id: true },
  });
  const paragraph = { id: ctx.fixture.paragraphIds[0] ?? "" };
  const userId = ctx.cast.users.moderator.id;
  // Stored as an old client could have written it before the server checked structure.
  const notes = new Y.Doc();
  const goodThread = randomUUID();
  addPrivateNote(notes, {
    threadId: goodThread,
    messageId: randomUUID(),
    anchor: anchorFor(next.id, paragraph.id),
    body: "survives the merge",
    userId,
  });
  notes.transact(() => {
    const threads = notes.getMap<unknown>("threads");
    threads.set("plain-string", "not a thread");
    const noArray = new Y.Map<unknown>();
    noArray.set("anchor", "not an anchor");
    noArray.set("messages", "not a list");
    threads.set("no-array", noArray);
    const oddMessages = new Y.Map<unknown>();
    oddMessages.set("anchor", anchorFor(next.id, paragraph.id));
    const list = new Y.Array<unknown>();
    list.push(["a string", new Y.Map<unknown>(), 42]);
    oddMessages.set("messages", list);
    threads.set("odd-messages", oddMessages);
  });
  const docName = `notes:${next.id}:${userId}`;
  await db.$executeRaw`INSERT INTO "YDocUpdate" ("docName", update, origin) VALUES (${docName}, ${Buffer.from(Y.encodeStateAsUpdate(notes))}, ${"test"})`;

  const merged = await ctx.cast.clients.owner.json(`/api/chapters/${chapterId}/merge`, {
    method: "POST",
    json: { with: "next" },
  });
  expect(merged.status).toBe(200);
  const target = await storedDoc(`notes:${chapterId}:${userId}`);
  const moved = target.getMap<Y.Map<unknown>>("threads").get(goodThread);
  expect(moved?.get("anchor")).toMatchObject({ chapterId, paragraphId: paragraph.id });
  const body = (moved?.get("messages") as Y.Array<Y.Map<unknown>>).get(0).get("body");
  expect(body).toBe("survives the merge");
  // The malformed entry that is not a thread was skipped, not moved.
  expect(target.getMap("threads").has("plain-string")).toBe(false);
});
