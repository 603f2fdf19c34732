/**
 * Issue 16's join storm: while clients cold-join a large document, other documents' changes
 * must keep going out. Decoding a 5,000-thread document into a Y.Doc takes the main thread for
 * over half a second (and encoding it back for the joiners another fifth), so a process that
 * decoded every document it opened stalled every other document meanwhile. A large document
 * is now merged and read on a worker and held as its stored bytes: joins are answered from the
 * bytes and its state vector, and it is decoded only when something needs it (here: a write).
 * Its rows are read on that worker too: pg hands bytea over as hex text twice the size of the
 * bytes, and decoding a large document's on the main thread stalled the others for tens of ms.
 *
 * Real socket.io server (in this process, so its registry's counts can be read), real clients
 * with real Y.Docs, real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import * as Y from "yjs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { realtimeRegistry } from "@/lib/app/realtime-registry";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import { getPool } from "@/lib/db/pool";
import { chapterDoc } from "@/lib/documents/names";
import { appendUpdate, inDocumentTransaction } from "@/lib/documents/store";
import { HELD_AS_BYTES_FROM } from "@/lib/realtime/document-registry";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  seedChapter,
  seedMember,
  startInProcessRealtime,
  type InProcessRealtime,
} from "@/tests/helpers/in-process-realtime";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

const JOINERS = 8;

let server: InProcessRealtime;
let chapterId: string;
let paragraphId: string;
let storedThreads: number;
const cookies: string[] = [];
const clients: CollabClient[] = [];

/** Comment threads written straight into a Y.Doc until its encoding passes `bytes`. */
function documentOfAtLeast(
  bytes: number,
  authorId: string,
): { update: Uint8Array; threads: number } {
  const doc = new Y.Doc();
  let threads = 0;
  for (;;) {
    for (let i = 0; i < 100; i++, threads++) {
      const outcome = applyCommentCommand(
        doc,
        {
          doc: chapterDoc(chapterId),
          id: randomUUID(),
          type: "comment.create",
          threadId: randomUUID(),
          messageId: randomUUID(),
          anchor: anchorFor(chapterId, paragraphId),
          body: `Stored thought ${threads}: long enough to look like what members write.`,
        },
        { userId: authorId, role: "MEMBER" },
        new Date(),
      );
      if (!outcome.ok) throw new Error(outcome.message);
    }
    const update = Y.encodeStateAsUpdate(doc);
    if (update.length >= bytes) return { update, threads };
  }
}

function decodedDocuments(): number {
  return realtimeRegistry().stats?.().decodedDocuments ?? -1;
}

async function connect(cookie: string): Promise<CollabClient> {
  const client = new CollabClient(server.url, cookie);
  clients.push(client);
  await client.connected();
  return client;
}

beforeAll(async () => {
  const seeded = await seedChapter("Large document group");
  ({ chapterId, paragraphId } = seeded);
  let authorId = "";
  for (let i = 0; i <= JOINERS; i++) {
    const member = await seedMember(seeded.groupId, `Reader ${i}`, i === 0 ? "OWNER" : "MEMBER");
    cookies.push(member.cookie);
    if (i === 0) authorId = member.id;
  }
  const { update, threads } = documentOfAtLeast(HELD_AS_BYTES_FROM * 2, authorId);
  storedThreads = threads;
  const name = chapterDoc(chapterId);
  await inDocumentTransaction(getPool(), name, (client) =>
    appendUpdate(client, name, update, "test"),
  );
  server = await startInProcessRealtime();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
});

it("joins at once to a large stored document are answered from its bytes, without decoding it", async () => {
  const doc = chapterDoc(chapterId);
  // Every statement a pg client of this thread sends (the worker's pg is its own module); the
  // spy calls through.
  const recording = vi.spyOn(pg.Client.prototype, "query");
  const joiners = await Promise.all(cookies.slice(1).map((cookie) => connect(cookie)));
  const answers = await Promise.all(joiners.map((client) => client.join(doc)));
  const statements = (recording.mock.calls as unknown[][]).map(([first]) =>
    typeof first === "string" ? first : String((first as { text?: unknown } | undefined)?.text),
  );
  recording.mockRestore();
  expect(answers.every((answer) => answer.ok)).toBe(true);
  expect(statements.length).toBeGreaterThan(0);
  // The document's bytes were never read on this thread: the worker read them.
  expect(statements.filter((text) => /"YDocSnapshot"|"YDocUpdate"/.test(text))).toEqual([]);
  await waitFor(
    () => joiners.every((client) => Object.keys(client.threads(doc)).length === storedThreads),
    30_000,
    "every joiner holding every stored thread",
  );
  const stats = realtimeRegistry().stats?.();
  expect(stats?.documents).toBe(1);
  // Held, and never decoded on the main thread: the joiners' empty step 2 replies need nothing.
  expect(stats?.decodedDocuments).toBe(0);
});

it("is decoded when a command writes to it, and the write reaches every joiner once", async () => {
  const doc = chapterDoc(chapterId);
  const [writer] = clients;
  const threadId = randomUUID();
  const ack = await writer!.command(doc, "comment.create", {
    threadId,
    messageId: randomUUID(),
    anchor: anchorFor(chapterId, paragraphId),
    body: "written after the storm",
  });
  expect(ack.ok).toBe(true);
  expect(decodedDocuments()).toBe(1);
  await waitFor(
    () => clients.every((client) => client.threads(doc)[threadId]),
    15_000,
    "every joiner holding the new thread",
  );
  for (const client of clients)
    expect(Object.keys(client.threads(doc))).toHaveLength(storedThreads + 1);

  // A reader joining now gets the decoded copy's state: the stored threads and the new one.
  const late = await connect(cookies[0] ?? "");
  expect((await late.join(doc)).ok).toBe(true);
  await waitFor(
    () => Object.keys(late.threads(doc)).length === storedThreads + 1,
    15_000,
    "a late joiner holding everything",
  );
  const reference = Y.encodeStateVector(clients[0]!.docOf(doc));
  expect(Y.encodeStateVector(late.docOf(doc))).toEqual(reference);
});
