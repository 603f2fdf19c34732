/**
 * Issue 18's soak, SIGKILL phase: after a process dies, its ~250 clients join the survivor at
 * once while it takes 200 commands/s; the joins took 193 s. Each join read the document's log
 * again under the document's in-process lock, so it waited behind every command queued on that
 * document (up to REALTIME_DOC_QUEUE of them), one join after another. A join needs no read of
 * its own: the socket enters the room before it is sent the state, and everything the process
 * applies later (its own writes, or others' caught up from the store) is relayed to the room.
 *
 * Real socket.io server and clients, real PostgreSQL. A command is held inside its transaction
 * (another connection holds the document's advisory lock), so the document's queue is stuck:
 * every join must still be answered, with the whole state, and no join reads the log. Then the
 * command completes and every joiner receives it.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chapterDoc } from "@/lib/documents/names";
import { documentLockKey } from "@/lib/documents/store";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  seedChapter,
  seedMember,
  startInProcessRealtime,
  watchPgStatements,
  type InProcessRealtime,
} from "@/tests/helpers/in-process-realtime";
import { withTestDatabase } from "@/tests/helpers/test-database";

const JOINERS = 40;

const database = withTestDatabase();

/** Statements that read a document's log after a known id (a catch-up), while counting. */
let logReads = 0;
let counting = false;
let restoreQuery: () => void = () => undefined;

let server: InProcessRealtime;
let url: string;
let chapterId: string;
let paragraphId: string;
const cookies: string[] = [];
const clients: CollabClient[] = [];

beforeAll(async () => {
  restoreQuery = watchPgStatements((_connection, text) => {
    if (counting && text.includes(`"YDocUpdate" WHERE "docName" = $1 AND id > $2`)) logReads += 1;
  });
  const seeded = await seedChapter("Storm group");
  ({ chapterId, paragraphId } = seeded);
  for (let i = 0; i <= JOINERS; i++)
    cookies.push(
      (await seedMember(seeded.groupId, `Storm ${i}`, i === 0 ? "OWNER" : "MEMBER")).cookie,
    );
  server = await startInProcessRealtime();
  url = server.url;
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
  restoreQuery();
});

async function connect(cookie: string): Promise<CollabClient> {
  const client = new CollabClient(url, cookie);
  clients.push(client);
  await client.connected();
  return client;
}

function comment(client: CollabClient, doc: string, body: string) {
  const threadId = randomUUID();
  return {
    threadId,
    // A failed run closes the clients with this ack pending: an answer, not an unhandled error.
    ack: client
      .command(doc, "comment.create", {
        threadId,
        messageId: randomUUID(),
        anchor: anchorFor(chapterId, paragraphId),
        body,
      })
      .catch((error: unknown) => ({ ok: false, error: String(error) })),
  };
}

it("joins at once to a held document whose writes are stuck: all answered with the state, no log read per join", async () => {
  const doc = chapterDoc(chapterId);
  const writer = await connect(cookies[0] ?? "");
  expect((await writer.join(doc)).ok).toBe(true);
  const first = comment(writer, doc, "stored before the storm");
  expect((await first.ack).ok).toBe(true);

  // Another connection holds the document's lock: the next command waits inside its
  // transaction, and with it the document's in-process queue.
  const blocker = new pg.Client({ connectionString: database.url() });
  await blocker.connect();
  await blocker.query(`SELECT pg_advisory_lock(${documentLockKey(doc)}::bigint)`);
  try {
    const stuck = comment(writer, doc, "written during the storm");
    await waitFor(
      async () => {
        const { rows } = await blocker.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        return (rows[0]?.waiting ?? 0) > 0;
      },
      10_000,
      "the command waiting for the document lock",
    );

    counting = true;
    const joiners = await Promise.all(cookies.slice(1).map((cookie) => connect(cookie)));
    const answers = await Promise.all(joiners.map((client) => client.join(doc)));
    counting = false;

    expect(answers.filter((answer) => answer.ok)).toHaveLength(JOINERS);
    // Each joiner was sent the state as it was stored before the stuck command.
    await waitFor(
      () => joiners.every((client) => client.threads(doc)[first.threadId]),
      10_000,
      "every joiner holding the stored comment",
    );
    expect(logReads).toBe(0);

    await blocker.query(`SELECT pg_advisory_unlock(${documentLockKey(doc)}::bigint)`);
    expect((await stuck.ack).ok).toBe(true);
    // The command that was stuck during the joins reaches every joiner exactly once.
    await waitFor(
      () => joiners.every((client) => client.threads(doc)[stuck.threadId]),
      10_000,
      "every joiner holding the comment written during the storm",
    );
    for (const client of joiners) {
      const threads = client.threads(doc);
      expect(Object.keys(threads).sort()).toEqual([first.threadId, stuck.threadId].sort());
      expect(threads[stuck.threadId]?.messages).toHaveLength(1);
    }
  } finally {
    await blocker.end();
  }
});
