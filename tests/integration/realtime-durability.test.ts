import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { readThreads } from "@/lib/annotations/comment-document";
import { db } from "@/lib/db/prisma";
import { getPool } from "@/lib/db/pool";
import { compactDocument } from "@/lib/realtime/compaction/compact-document";
import { appendUpdate, inDocumentTransaction, loadStoredState } from "@/lib/documents/store";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { HttpClient } from "@/tests/helpers/http-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let cast: Cast;
let fixture: GroupFixture;
let bootstrap: TestServer;

beforeAll(async () => {
  bootstrap = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(bootstrap.url);
  fixture = await groupFixture(cast);
  await bootstrap.stop();
});
afterAll(async () => bootstrap?.stop());

async function memberClient(server: TestServer): Promise<CollabClient> {
  const http = new HttpClient(server.url);
  expect((await http.signIn(cast.users.member.email, cast.users.member.password)).ok).toBe(true);
  const client = new CollabClient(server.url, http.cookieHeader());
  await client.connected();
  return client;
}

it("every acknowledged comment survives a SIGKILL of the server mid-stream", async () => {
  const server = await startTestServer({
    databaseUrl: database.url(),
    // The account's command budget (60 per 10 s) would pace the writers: raised, since what is
    // tested here is durability under a stream of writes.
    env: { REALTIME_COMPACT_AFTER: "25", REALTIME_USER_COMMANDS: "100000" },
  });
  const doc = `chapter:${fixture.chapterId}`;
  // Four connections, two writers each: below each socket's command rate limit.
  const sockets = await Promise.all(Array.from({ length: 4 }, () => memberClient(server)));
  for (const socket of sockets) await socket.join(doc);
  const acknowledged: string[] = [];
  let killed = false;
  const writers = Array.from({ length: 8 }, async (_, index) => {
    const client = sockets[index % sockets.length] as CollabClient;
    while (!killed) {
      const threadId = randomUUID();
      const ack = await client
        .command(doc, "comment.create", {
          threadId,
          messageId: randomUUID(),
          anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
          body: `thought ${threadId}`,
        })
        .catch(() => ({ ok: false }));
      if (ack.ok) acknowledged.push(threadId);
    }
  });
  await waitFor(() => acknowledged.length >= 100, 30_000, "100 acknowledged comments");
  await server.kill("SIGKILL");
  killed = true;
  await Promise.all(writers);
  for (const socket of sockets) socket.close();

  const restarted = await startTestServer({ databaseUrl: database.url() });
  try {
    const reader = await memberClient(restarted);
    await reader.join(doc);
    await waitFor(
      () => Object.keys(reader.threads(doc)).length >= acknowledged.length,
      10_000,
      "threads restored",
    );
    const restored = new Set(Object.keys(reader.threads(doc)));
    expect(acknowledged.filter((id) => !restored.has(id))).toEqual([]);
    const projected = new Set(
      (
        await db.comment.findMany({
          where: { chapterId: fixture.chapterId },
          select: { threadId: true },
        })
      ).map((row) => row.threadId),
    );
    expect(acknowledged.filter((id) => !projected.has(id))).toEqual([]);
    reader.close();
  } finally {
    await restarted.stop();
  }
});

it("compaction under concurrent writes loses nothing", async () => {
  const pool = getPool();
  const docName = `notes:${fixture.chapterId}:compaction-test`;
  const writer = new Y.Doc();
  const texts = writer.getArray<string>("items");
  const written: string[] = [];
  let stop = false;
  const writes = (async () => {
    for (let i = 0; i < 300; i++) {
      const captured: Uint8Array[] = [];
      const capture = (update: Uint8Array) => captured.push(update);
      writer.on("update", capture);
      texts.push([`item-${i}`]);
      writer.off("update", capture);
      await inDocumentTransaction(pool, docName, (client) =>
        appendUpdate(client, docName, captured[0] ?? new Uint8Array(), "test"),
      );
      written.push(`item-${i}`);
    }
    stop = true;
  })();
  let compactions = 0;
  while (!stop) {
    if (await compactDocument(pool, docName)) compactions += 1;
  }
  await writes;
  await compactDocument(pool, docName);
  const stored = await loadStoredState(pool, docName);
  const restored = new Y.Doc();
  Y.applyUpdate(restored, Y.mergeUpdates(stored.updates));
  expect(compactions).toBeGreaterThan(1);
  expect(restored.getArray<string>("items").toArray().sort()).toEqual([...written].sort());
  expect(stored.logRows).toBe(0);
});

it("two processes on one database: clients on each converge, and each change is stored once", async () => {
  const first = await startTestServer({ databaseUrl: database.url() });
  const second = await startTestServer({ databaseUrl: database.url() });
  try {
    const own = await groupFixture(cast);
    const doc = `chapter:${own.chapterId}`;
    const a = await memberClient(first);
    const b = await memberClient(second);
    await a.join(doc);
    await b.join(doc);
    const threadId = randomUUID();
    expect(
      (
        await a.command(doc, "comment.create", {
          threadId,
          messageId: randomUUID(),
          anchor: anchorFor(own.chapterId, own.paragraphIds[0] ?? ""),
          body: "From process one",
        })
      ).ok,
    ).toBe(true);
    await waitFor(() => Boolean(b.threads(doc)[threadId]), 10_000, "process two's client sees it");
    expect(
      (
        await b.command(doc, "comment.reply", {
          threadId,
          messageId: randomUUID(),
          body: "From process two",
        })
      ).ok,
    ).toBe(true);
    await waitFor(
      () => a.threads(doc)[threadId]?.messages.length === 2,
      10_000,
      "process one's client sees the reply",
    );
    expect(Y.encodeStateVector(a.docOf(doc))).toEqual(Y.encodeStateVector(b.docOf(doc)));
    expect(await db.yDocUpdate.count({ where: { docName: doc } })).toBe(2);

    // Presence crosses processes too.
    a.setPresence(doc, {
      user: { id: cast.users.member.id, name: "Member" },
      paragraphId: own.paragraphIds[0],
    });
    await waitFor(
      () =>
        [...(b.awareness.get(doc)?.getStates().values() ?? [])].some(
          (s) => (s as { paragraphId?: string }).paragraphId === own.paragraphIds[0],
        ),
      10_000,
      "presence on process two",
    );

    // A late joiner on process two gets the state process two holds (applied from process one's writes).
    const late = await memberClient(second);
    await late.join(doc);
    await waitFor(
      () => readThreads(late.docOf(doc)).some((t) => t.id === threadId && t.messages.length === 2),
      10_000,
      "late joiner",
    );
    for (const client of [a, b, late]) client.close();
  } finally {
    await first.stop();
    await second.stop();
  }
});

// Also proves that Next's bundled route code (/api/health) sees the registry server.ts put on
// globalThis: the two may hold different module instances.
it("a document is released from memory a while after its last client leaves", async () => {
  const server = await startTestServer({
    databaseUrl: database.url(),
    env: { REALTIME_DOC_IDLE_MS: "300" },
  });
  try {
    const health = new HttpClient(server.url);
    const documents = async () =>
      (await health.json<{ realtime: { documents: number } }>("/api/health")).body.realtime
        .documents;
    const client = await memberClient(server);
    await client.join(`chapter:${fixture.chapterId}`);
    expect(await documents()).toBe(1);
    client.leave(`chapter:${fixture.chapterId}`);
    await waitFor(async () => (await documents()) === 0, 5000, "document released");
    // Joining again loads it back from storage.
    expect((await client.join(`chapter:${fixture.chapterId}`)).ok).toBe(true);
    expect(await documents()).toBe(1);
    client.close();
  } finally {
    await server.stop();
  }
});
