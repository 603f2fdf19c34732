/**
 * Issue 16's server CPU per comment: every stored change is announced to the other processes
 * over the channel (a NOTIFY through the PostgreSQL adapter), and a process alone sent one per
 * comment anyway, to nobody: a round trip to PostgreSQL and the notification back to itself.
 * A process alone now announces nothing; as soon as another process is counted, each stored
 * change is announced to it again.
 *
 * The real socket server (attachRealtime) in this process, real clients and PostgreSQL; the
 * "other process" is a second socket.io server on the same database with its own PostgreSQL
 * adapter and the same channel, which is all another process's channel is.
 */
import { randomUUID } from "node:crypto";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Server } from "socket.io";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chapterDoc } from "@/lib/documents/names";
import { createRealtimeChannel, type RealtimeEvent } from "@/lib/realtime/channel";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  seedChapter,
  seedMember,
  startInProcessRealtime,
  watchPgStatements,
  type InProcessRealtime,
} from "@/tests/helpers/in-process-realtime";
import { withTestDatabase } from "@/tests/helpers/test-database";

const database = withTestDatabase();

let server: InProcessRealtime;
let writer: CollabClient;
let doc: string;
let chapterId: string;
let paragraphId: string;
let notifies = 0;
let restoreQuery: () => void = () => undefined;

beforeAll(async () => {
  const seeded = await seedChapter("Quiet channel group");
  ({ chapterId, paragraphId } = seeded);
  doc = chapterDoc(chapterId);
  const { cookie } = await seedMember(seeded.groupId, "Writer", "OWNER");
  restoreQuery = watchPgStatements((_connection, text, params) => {
    const payload = params[1];
    if (text.includes("pg_notify") && typeof payload === "string" && payload.includes("doc-update"))
      notifies += 1;
  });
  server = await startInProcessRealtime();
  writer = new CollabClient(server.url, cookie);
  await writer.connected();
  expect((await writer.join(doc)).ok).toBe(true);
});

afterAll(async () => {
  writer?.close();
  await server?.close();
  restoreQuery();
});

async function comment(): Promise<void> {
  const ack = await writer.command(doc, "comment.create", {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor: anchorFor(chapterId, paragraphId),
    body: "a thought",
  });
  expect(ack.ok).toBe(true);
}

it("a process alone announces no stored change", async () => {
  notifies = 0;
  for (let i = 0; i < 5; i++) await comment();
  expect(notifies).toBe(0);
});

it("announces each stored change once another process is counted, and that process hears it", async () => {
  const pool = new pg.Pool({ connectionString: database.url(), max: 2 });
  const other = new Server();
  other.adapter(createAdapter(pool));
  const heard: RealtimeEvent[] = [];
  createRealtimeChannel(other.of("/collab"), (event) => heard.push(event));
  try {
    await waitFor(
      async () => (await server.io.of("/collab").adapter.serverCount()) === 2,
      15_000,
      "the other process counted",
    );
    notifies = 0;
    for (let i = 0; i < 3; i++) await comment();
    expect(notifies).toBe(3);
    await waitFor(
      () => heard.filter((event) => event.type === "doc-update" && event.doc === doc).length === 3,
      10_000,
      "the other process hearing the three changes",
    );
  } finally {
    for (const name of ["/", "/collab"]) await other.of(name).adapter.close();
    await pool.end();
  }
});
