import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import { getPool } from "@/lib/db/pool";
import { appendUpdate, inDocumentTransaction } from "@/lib/realtime/document-store";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { ms, percentile, ratio, type BenchEnvironment } from "@/scripts/bench/harness";

type Row = { name: string; value: string; baseline: string; ratio: string };

async function signedInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const http = new HttpClient(baseUrl);
  const result = await http.signIn(email, password);
  if (!result.ok) throw new Error(`sign-in failed: ${result.error}`);
  return http.cookieHeader();
}

/**
 * A socket.io round trip with no work behind it: joining a document the socket already has
 * open is answered from memory (no database, no Yjs).
 */
async function emptyRoundTrips(
  client: CollabClient,
  doc: string,
  count: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await client.join(doc);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * One writer, 50 readers in one chapter document: time from sending `comment.create` to the
 * thread appearing in each reader's document. Baseline: an empty socket.io round trip.
 */
async function commandToBroadcast(
  baseUrl: string,
  cookie: string,
  chapterId: string,
  paragraphId: string,
  log: (line: string) => void,
) {
  const doc = `chapter:${chapterId}`;
  const writer = new CollabClient(baseUrl, cookie);
  await writer.connected();
  await writer.join(doc);
  const readers: CollabClient[] = [];
  for (let i = 0; i < 50; i++) {
    const reader = new CollabClient(baseUrl, cookie);
    await reader.connected();
    await reader.join(doc);
    readers.push(reader);
  }
  log("50 readers joined; measuring command → broadcast…");
  const baseline = await emptyRoundTrips(writer, doc, 100);
  const latencies: number[] = [];
  const acks: number[] = [];
  const commands = 50;
  for (let i = 0; i < commands; i++) {
    const threadId = randomUUID();
    const seen = readers.map(
      (reader) =>
        new Promise<number>((resolve) => {
          const threads = reader.docOf(doc).getMap("threads");
          const check = () => {
            if (threads.has(threadId)) {
              threads.unobserve(check);
              resolve(performance.now());
            }
          };
          threads.observe(check);
        }),
    );
    const started = performance.now();
    const ack = await writer.command(doc, "comment.create", {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(chapterId, paragraphId),
      body: `bench ${i}`,
    });
    acks.push(performance.now() - started);
    if (!ack.ok) throw new Error(`command refused: ${JSON.stringify(ack)}`);
    for (const at of await Promise.all(seen)) latencies.push(at - started);
    // Stay under the per-socket command limit (60 per 10 s).
    await new Promise((resolve) => setTimeout(resolve, 180));
    if ((i + 1) % 10 === 0) log(`  ${i + 1}/${commands} commands`);
  }
  for (const client of [writer, ...readers]) client.close();
  return { baseline, latencies, acks };
}

/** A document holding 5,000 comments, made with the same command code the server runs. */
async function storeLargeDocument(
  chapterId: string,
  paragraphId: string,
  authorId: string,
  comments: number,
): Promise<number> {
  const doc = new Y.Doc();
  const at = new Date();
  for (let i = 0; i < comments; i++) {
    const outcome = applyCommentCommand(
      doc,
      {
        doc: `chapter:${chapterId}`,
        id: randomUUID(),
        type: "comment.create",
        threadId: randomUUID(),
        messageId: randomUUID(),
        anchor: anchorFor(chapterId, paragraphId),
        body: `Comment number ${i}: a thought about this passage, of an ordinary length.`,
      },
      { userId: authorId, role: "member" },
      at,
    );
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const update = Y.encodeStateAsUpdate(doc);
  const name = `chapter:${chapterId}`;
  await inDocumentTransaction(getPool(), name, (client) =>
    appendUpdate(client, name, update, "bench"),
  );
  return update.byteLength;
}

function runJoinStorm(url: string, cookie: string, doc: string, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/bench/join-storm-worker.ts", url, cookie, doc, String(count)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(output) as number[])
        : reject(new Error(`join storm exited with ${code}`)),
    );
  });
}

async function timeJoin(
  baseUrl: string,
  cookie: string,
  doc: string,
  ready: (client: CollabClient) => boolean,
) {
  const client = new CollabClient(baseUrl, cookie);
  await client.connected();
  let bytes = 0;
  client.socket.on("y", (_doc: string, frame: ArrayBuffer) => (bytes += frame.byteLength));
  const started = performance.now();
  await client.join(doc);
  await waitFor(() => ready(client), 60_000, "joined state");
  const elapsed = performance.now() - started;
  client.close();
  return { elapsed, bytes };
}

export async function benchRealtime(
  env: BenchEnvironment,
  log: (line: string) => void,
): Promise<Row[]> {
  const server = await env.startServer();
  const owner = await seedUser({ email: "bench-owner@example.test", name: "Bench Owner" });
  const group = await seedGroup(owner, { name: "Bench group" });
  const text = await db.text.create({
    data: {
      groupId: group.id,
      title: "Bench text",
      sourceFormat: "txt",
      chapters: {
        create: [
          { index: 0, title: "Busy" },
          { index: 1, title: "Large" },
          { index: 2, title: "Empty" },
        ],
      },
    },
    include: { chapters: { orderBy: { index: "asc" } } },
  });
  const [busy, large, empty] = text.chapters;
  if (!busy || !large || !empty) throw new Error("bench chapters missing");
  const paragraphs = await Promise.all(
    [busy, large, empty].map((chapter) =>
      db.paragraph.create({
        data: { chapterId: chapter.id, textId: text.id, index: 0, text: "A paragraph." },
      }),
    ),
  );
  await seedMembership(group.id, owner.id, "OWNER");
  const cookie = await signedInCookie(server.url, owner.email, owner.password);

  log("command → broadcast, one writer and 50 readers…");
  const broadcast = await commandToBroadcast(
    server.url,
    cookie,
    busy.id,
    paragraphs[0]?.id ?? "",
    log,
  );
  const baselineP50 = percentile(broadcast.baseline, 50);

  log("storing a document with 5,000 comments…");
  const storedBytes = await storeLargeDocument(large.id, paragraphs[1]?.id ?? "", owner.id, 5000);
  const emptyJoin = await timeJoin(server.url, cookie, `chapter:${empty.id}`, () => true);
  const firstJoin = await timeJoin(
    server.url,
    cookie,
    `chapter:${large.id}`,
    (c) => c.docOf(`chapter:${large.id}`).getMap("threads").size >= 5000,
  );
  const warmJoin = await timeJoin(
    server.url,
    cookie,
    `chapter:${large.id}`,
    (c) => c.docOf(`chapter:${large.id}`).getMap("threads").size >= 5000,
  );

  log("join storm: 30 clients (another process) join the large document while a probe measures…");
  const probe = new CollabClient(server.url, cookie);
  await probe.connected();
  const probeDoc = `chapter:${empty.id}`;
  await probe.join(probeDoc);
  const quietSamples = await emptyRoundTrips(probe, probeDoc, 60);
  const storm = runJoinStorm(server.url, cookie, `chapter:${large.id}`, 30);
  const stormSamples: number[] = [];
  let stormDone = false;
  void storm.finally(() => (stormDone = true));
  while (!stormDone && stormSamples.length < 250)
    stormSamples.push(...(await emptyRoundTrips(probe, probeDoc, 1)));
  const stormJoins = (await storm).map((elapsed) => ({ elapsed }));
  probe.close();

  return [
    {
      name: "command → broadcast p50 (1 writer, 50 readers)",
      value: ms(percentile(broadcast.latencies, 50)),
      baseline: `${ms(baselineP50)} empty round trip`,
      ratio: ratio(percentile(broadcast.latencies, 50), baselineP50),
    },
    {
      name: "command → broadcast p99",
      value: ms(percentile(broadcast.latencies, 99)),
      baseline: `${ms(percentile(broadcast.baseline, 99))} empty round trip p99`,
      ratio: ratio(percentile(broadcast.latencies, 99), percentile(broadcast.baseline, 99)),
    },
    {
      name: "command → durable ack p50",
      value: ms(percentile(broadcast.acks, 50)),
      baseline: `${ms(baselineP50)} empty round trip`,
      ratio: ratio(percentile(broadcast.acks, 50), baselineP50),
    },
    {
      name: "join 5,000-comment doc (first, loads from PostgreSQL)",
      value: `${ms(firstJoin.elapsed)}, ${(firstJoin.bytes / 1024).toFixed(0)} KiB`,
      baseline: `${ms(emptyJoin.elapsed)} empty doc`,
      ratio: ratio(firstJoin.elapsed, emptyJoin.elapsed),
    },
    {
      name: "join 5,000-comment doc (held in memory, cached state)",
      value: `${ms(warmJoin.elapsed)}, ${(warmJoin.bytes / 1024).toFixed(0)} KiB (stored ${(storedBytes / 1024).toFixed(0)} KiB)`,
      baseline: `${ms(emptyJoin.elapsed)} empty doc`,
      ratio: ratio(warmJoin.elapsed, emptyJoin.elapsed),
    },
    {
      name: "another document's round trip p50 during a 30-client join storm",
      value: ms(percentile(stormSamples, 50)),
      baseline: `${ms(percentile(quietSamples, 50))} quiet`,
      ratio: ratio(percentile(stormSamples, 50), percentile(quietSamples, 50)),
    },
    {
      name: "another document's round trip p99 during the join storm",
      value: ms(percentile(stormSamples, 99)),
      baseline: `${ms(percentile(quietSamples, 99))} quiet`,
      ratio: ratio(percentile(stormSamples, 99), percentile(quietSamples, 99)),
    },
    {
      name: "join during the storm (mean of 30)",
      value: ms(stormJoins.reduce((sum, j) => sum + j.elapsed, 0) / stormJoins.length),
      baseline: `${ms(warmJoin.elapsed)} alone`,
      ratio: ratio(
        stormJoins.reduce((sum, j) => sum + j.elapsed, 0) / stormJoins.length,
        warmJoin.elapsed,
      ),
    },
  ];
}
