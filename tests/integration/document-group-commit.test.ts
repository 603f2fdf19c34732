/**
 * Group commit (issue 16): the commands that wait on a document while its transaction runs go
 * together in the next one (one lock, one log row, one commit), each still answered only after
 * that commit and each checked on its own. Real PostgreSQL, the real socket server
 * (attachRealtime) and real socket.io clients; transactions are counted statement by statement
 * at pg.Client.prototype.query, so what is asserted is structure, not timing.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { Server } from "socket.io";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { db } from "@/lib/db/prisma";
import { getPool } from "@/lib/db/pool";
import { chapterDoc } from "@/lib/documents/names";
import { documentLockKey, loadStoredState } from "@/lib/documents/store";
import { AppError } from "@/lib/errors/app-error";
import { DocumentRegistry } from "@/lib/realtime/document-registry";
import { liveDocumentHost } from "@/lib/realtime/live-host";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  seedChapter,
  seedMember,
  startInProcessRealtime,
  watchPgStatements,
  type InProcessRealtime,
} from "@/tests/helpers/in-process-realtime";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

/** The transactions that took a document's lock (BEGIN and the lock go in one statement). */
const lockedTransactions = new Map<string, number>();
/** The statements (round trips) of those transactions, BEGIN and COMMIT included. */
const lockedStatements = new Map<string, number>();
const inLocked = new WeakMap<object, string>();
let restoreQuery: () => void = () => undefined;

function countLockedTransactions(): void {
  restoreQuery = watchPgStatements((connection, text) => {
    const lock = /^BEGIN; SELECT pg_advisory_xact_lock\((-?\d+)::bigint\)/.exec(text);
    if (lock?.[1]) {
      lockedTransactions.set(lock[1], (lockedTransactions.get(lock[1]) ?? 0) + 1);
      inLocked.set(connection, lock[1]);
    }
    const key = inLocked.get(connection);
    if (key) {
      lockedStatements.set(key, (lockedStatements.get(key) ?? 0) + 1);
      if (/^(COMMIT|ROLLBACK)/.test(text)) inLocked.delete(connection);
    }
  });
}

const transactionsOf = (storageName: string) =>
  lockedTransactions.get(documentLockKey(storageName)) ?? 0;

let server: InProcessRealtime;
let url: string;
let chapterId: string;
let paragraphId: string;
const members: { id: string; cookie: string }[] = [];
const clients: CollabClient[] = [];
const MEMBERS = 40;
/** Node warnings of this process (pg's deprecations among them: the soak counts them too). */
const warnings: string[] = [];
const keepWarning = (warning: Error) => warnings.push(warning.message);

beforeAll(async () => {
  process.on("warning", keepWarning);
  countLockedTransactions();
  const seeded = await seedChapter("A busy group", "Everyone writes about this passage.");
  ({ chapterId, paragraphId } = seeded);
  for (let i = 0; i < MEMBERS; i++) members.push(await seedMember(seeded.groupId, `Member ${i}`));
  server = await startInProcessRealtime();
  url = server.url;
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  process.off("warning", keepWarning);
  await server?.close();
  restoreQuery();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("many members writing one document", () => {
  it("every command is acknowledged and stored exactly once, in fewer transactions than commands; a bad one is refused alone", async () => {
    const doc = `chapter:${chapterId}`;
    const connected = await Promise.all(
      members.map(async (member) => {
        const client = new CollabClient(url, member.cookie);
        clients.push(client);
        await client.connected();
        expect(await client.join(doc)).toMatchObject({ ok: true });
        return client;
      }),
    );
    const PER_MEMBER = 6;
    const RATE = 240;
    let busyRetries = 0;
    type Sent = { id: string; threadId: string; bad: boolean };
    const sent: Sent[] = [];
    const before = transactionsOf(doc);
    const statementsBefore = lockedStatements.get(documentLockKey(doc)) ?? 0;
    const started = performance.now();
    const acks = await Promise.all(
      connected.flatMap((client, m) =>
        Array.from({ length: PER_MEMBER }, async (_, i) => {
          // Spread evenly at RATE a second in all, members interleaved (each within its own
          // budget of 60 commands per 10 s).
          const slot = i * MEMBERS + m;
          await sleep(Math.max(0, started + (slot * 1000) / RATE - performance.now()));
          // One command in each member's burst names a paragraph that is not the chapter's: its
          // plan refuses it, inside a transaction shared with others' good commands.
          const bad = i === 3;
          const command: Sent = { id: randomUUID(), threadId: randomUUID(), bad };
          sent.push(command);
          const fields = {
            threadId: command.threadId,
            messageId: randomUUID(),
            anchor: bad
              ? { ...anchorFor(chapterId, paragraphId, "Everyone"), paragraphId: randomUUID() }
              : anchorFor(chapterId, paragraphId, "Everyone"),
            body: `Member ${m}, thought ${i}.`,
          };
          // What the client does with busy (lib/collab-client/connection.ts): send it again
          // after a backoff with jitter.
          let ack = await client.command(doc, "comment.create", fields, command.id);
          for (let retry = 0; ack.error === "busy"; retry++) {
            const backoff = Math.min(250 * 2 ** retry, 15_000);
            await sleep(backoff / 2 + Math.random() * backoff);
            ack = await client.command(doc, "comment.create", fields, command.id);
            busyRetries += 1;
          }
          return { command, ack };
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const transactions = transactionsOf(doc) - before;
    const statements = (lockedStatements.get(documentLockKey(doc)) ?? 0) - statementsBefore;
    const good = acks.filter(({ command }) => !command.bad);
    const bad = acks.filter(({ command }) => command.bad);
    console.log(
      `[group commit] ${acks.length} commands from ${MEMBERS} members in ${seconds.toFixed(2)} s ` +
        `(sent at ${RATE}/s, done at ${Math.round(acks.length / seconds)}/s), ${transactions} transactions ` +
        `(${(acks.length / transactions).toFixed(1)} commands each), ` +
        `${(statements / acks.length).toFixed(2)} statements per command, ${busyRetries} resent after busy`,
    );

    expect(
      good
        .filter(({ ack }) => ack.ok !== true || ack.duplicate !== undefined)
        .map(({ ack }) => ack),
    ).toEqual([]);
    expect(bad.map(({ ack }) => ack.error)).toEqual(bad.map(() => "not_found"));
    // Stored exactly once: one projection row per good thread, one command record per good id,
    // nothing of the refused ones.
    const threadIds = (list: typeof acks) => list.map(({ command }) => command.threadId);
    const rows = await db.comment.groupBy({
      by: ["threadId"],
      where: { threadId: { in: threadIds(acks) } },
      _count: true,
    });
    expect(rows.length).toBe(good.length);
    expect(rows.every((row) => row._count === 1)).toBe(true);
    expect(
      await db.processedCommand.count({ where: { id: { in: acks.map((a) => a.command.id) } } }),
    ).toBe(good.length);
    const stored = await loadStoredState(getPool(), doc);
    expect(stored.updates.length).toBeGreaterThan(0);
    // Grouped: fewer transactions than the commands they stored.
    expect(transactions).toBeLessThan(good.length);
    // The group's statements go to its one client one at a time: pg warns (and pg 9 refuses)
    // when a query is asked while another runs, which flooded the soak's logs.
    expect(warnings.filter((message) => message.includes("already executing a query"))).toEqual([]);
    // Every member's copy converges on every stored thread.
    await waitFor(
      () =>
        connected.every((client) => {
          const threads = client.threads(doc);
          return good.every(({ command }) => Boolean(threads[command.threadId]));
        }),
      15_000,
      "every member has every thread",
    );
  });
});

describe("a resend waiting with its original", () => {
  it("never shares its transaction: it is answered from the original's record, stored once", async () => {
    const doc = `chapter:${chapterId}`;
    const client = new CollabClient(url, members[1]?.cookie);
    clients.push(client);
    await client.connected();
    await client.join(doc);
    const create = () => ({
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(chapterId, paragraphId, "Everyone"),
      body: "Sent, then sent again before the answer came.",
    });
    const repeated = { id: randomUUID(), fields: create() };
    // The first runs alone; the other three wait for it together.
    const [first, original, resend, last] = await Promise.all([
      client.command(doc, "comment.create", create()),
      client.command(doc, "comment.create", repeated.fields, repeated.id),
      client.command(doc, "comment.create", repeated.fields, repeated.id),
      client.command(doc, "comment.create", create()),
    ]);
    expect(first?.ok).toBe(true);
    expect(last?.ok).toBe(true);
    expect(original).toMatchObject({ ok: true, threadId: repeated.fields.threadId });
    expect(original?.duplicate).toBeUndefined();
    expect(resend).toEqual({ ...original, duplicate: true });
    expect(await db.comment.count({ where: { threadId: repeated.fields.threadId } })).toBe(1);
  });
});

/** The live host over a registry of its own, with no socket server behind it. */
function hostWithoutSockets() {
  const registry = new DocumentRegistry(getPool(), {
    idleMs: 60_000,
    compactAfter: 1_000,
    maxDocuments: 10,
  });
  return { registry, host: liveDocumentHost(new Server().of("/collab"), registry) };
}

describe("the live host's group commit", () => {
  it("commands queued behind a running transaction share the next one, each answered on its own", async () => {
    const { registry, host } = hostWithoutSockets();
    const name = chapterDoc(randomUUID());
    const set = (key: string) => (doc: Y.Doc) => {
      doc.getMap("entries").set(key, true);
      return key;
    };
    const stored: string[] = [];
    const persist = (_client: pg.PoolClient, key: string) => {
      stored.push(key);
      return Promise.resolve();
    };
    const before = transactionsOf(name);
    // All sent in one tick: the first finds the document idle and runs alone; the rest wait
    // for it and go together.
    const results = await Promise.allSettled([
      host.write(name, set("first"), persist),
      host.write(name, set("second"), persist),
      host.write(name, set("refused"), persist, () =>
        Promise.reject(new AppError("conflict", "refused by its own check")),
      ),
      host.write(
        name,
        (doc) => doc.getMap("entries").get("second"),
        () => Promise.resolve(),
      ),
      host.write(name, set("fourth"), persist),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    // A command that changed nothing says so (its caller records it apart), and it saw the
    // change made before it in the same transaction.
    expect(results[3]).toMatchObject({ value: { result: true, update: null } });
    expect(results[4]).toMatchObject({ value: { result: "fourth" } });
    expect((results[4] as PromiseFulfilledResult<{ update: unknown }>).value.update).toBeTruthy();
    expect(transactionsOf(name) - before).toBe(2);
    expect(stored).toEqual(["first", "second", "fourth"]);
    const state = await loadStoredState(getPool(), name);
    expect(state.updates.length).toBe(2);
    registry.closeAll();
  });

  it("a group whose transaction fails runs again one by one: one command's database error is not the others'", async () => {
    const { registry, host } = hostWithoutSockets();
    const name = chapterDoc(randomUUID());
    const set = (key: string) => (doc: Y.Doc) => doc.getMap("entries").set(key, true);
    const fine = () => Promise.resolve();
    const before = transactionsOf(name);
    const results = await Promise.allSettled([
      host.write(name, set("first"), fine),
      host.write(name, set("second"), fine),
      // A statement PostgreSQL refuses aborts the whole shared transaction.
      host.write(name, set("broken"), async (client) => {
        await client.query("SELECT 1 / 0");
      }),
      host.write(name, set("third"), fine),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/division by zero/);
    // first alone, the failed group, then second, broken and third each alone.
    expect(transactionsOf(name) - before).toBe(5);
    const live = await registry.open(name);
    expect(live.doc.getMap("entries").toJSON()).toEqual({ first: true, second: true, third: true });
    const state = await loadStoredState(getPool(), name);
    expect(state.updates.length).toBe(3);
    registry.closeAll();
  });
});
