/**
 * Realtime, side by side in one run: ours, Hocuspocus 3.4 (default settings, in memory) and the
 * floor (a bare socket.io relay of the same bytes), with the same client code and payloads, in
 * interleaved pairs; each figure is the median of the per-pair ratios. Every server runs in its
 * own process and is charged its own CPU time (from /proc), whatever else the machine does.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import * as Y from "yjs";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/auth-options";
import { db } from "@/lib/db/prisma";
import { getPool } from "@/lib/db/pool";
import { appendUpdate, inDocumentTransaction } from "@/lib/documents/store";
import {
  median,
  ms,
  percentile,
  workloads,
  type BenchEnvironment,
  type Workload,
} from "@/scripts/bench/harness";
import {
  memoryProbeEnv,
  postgresCpuMs,
  probeMemory,
  processCpuMs,
  type MemorySample,
} from "@/scripts/bench/process-stats";
import {
  applyBenchComment,
  BENCH_PARAGRAPH_TEXT,
  hocuspocusSystem,
  ourSystem,
  relaySystem,
  startPeer,
  type BenchComment,
  type RealtimeSystem,
  type Writer,
} from "@/scripts/bench/realtime-peers";
import { chapterDoc } from "@/lib/documents/names";

type Row = { name: string; value: string; baseline: string; ratio: string };
type Log = (line: string) => void;

const PAIRS = 3;
const COMMANDS = 30;
const PACE_MS = 100;
const IDLE_CLIENTS = 500;
const LARGE_THREADS = 5_000;
const STORM_CLIENTS = 8;
/** One document's write rate: members sending at once, at a pace above the issue's 200/s. */
const THROUGHPUT_MEMBERS = 40;
const THROUGHPUT_RATE = 250;
const THROUGHPUT_SECONDS = 4;

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * `--only=fan-out-50,transactions`: run only these parts (fan-out-50, fan-out-200,
 * transactions, throughput, memory, cold-join, join-storm), to measure one change without the whole suite
 * on a shared machine. The durable-ack row comes with fan-out-50.
 */
const onlyParts = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wanted = (part: string) => !onlyParts || onlyParts.includes(part);

type Cast = { writerId: string; cookies: string[]; writerCookie: string };

/** Session cookies minted as next-auth mints them, so 200 readers need no 200 sign-ins. */
async function castOf(groupId: string, readers: number): Promise<Cast> {
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const users = await Promise.all(
    Array.from({ length: readers + 1 }, (_, i) =>
      db.user.create({
        data: { email: `bench-${i}-${randomUUID().slice(0, 6)}@example.test`, name: `Reader ${i}` },
      }),
    ),
  );
  await db.membership.createMany({
    data: users.map((user, i) => ({
      groupId,
      userId: user.id,
      role: i === 0 ? ("OWNER" as const) : ("MEMBER" as const),
    })),
  });
  const cookies = await Promise.all(
    users.map(
      async (user) =>
        `next-auth.session-token=${await encode({
          secret,
          maxAge: SESSION_MAX_AGE_SECONDS,
          token: { name: user.name, email: user.email, sub: user.id, sv: user.sessionVersion },
        })}`,
    ),
  );
  const [writerCookie = "", ...readerCookies] = cookies;
  return { writerId: users[0]?.id ?? "", writerCookie, cookies: readerCookies };
}

async function inBatches<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += 25)
    made.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(25, count - start) }, (_, i) => make(start + i)),
      )),
    );
  return made;
}

type Chapter = { chapterId: string; paragraphId: string };

async function newChapter(textId: string, index: number): Promise<Chapter> {
  const chapter = await db.chapter.create({
    data: { textId, index, title: `Bench ${index}` },
  });
  const paragraph = await db.paragraph.create({
    data: { chapterId: chapter.id, textId, index: 0, text: BENCH_PARAGRAPH_TEXT },
  });
  return { chapterId: chapter.id, paragraphId: paragraph.id };
}

function commentFor(chapter: Chapter, i: number): BenchComment {
  return {
    threadId: randomUUID(),
    messageId: randomUUID(),
    ...chapter,
    body: `Comment ${i}: a thought about this passage, of an ordinary length.`,
  };
}

type FanOutResult = {
  latencies: number[];
  acks: number[];
  serverCpuMs: number;
  postgresCpuMs: number;
};

/** One writer, N readers in one document: send → arrival at every reader, paced. */
async function fanOut(
  system: RealtimeSystem,
  chapter: Chapter,
  cast: Cast,
  readerCount: number,
  pgDataDir: string,
  probe?: () => Promise<void>,
): Promise<FanOutResult> {
  const doc = chapterDoc(chapter.chapterId);
  const readers = await inBatches(readerCount, (i) =>
    system.reader(doc, cast.cookies[i % cast.cookies.length] ?? ""),
  );
  const writer = await system.writer(doc, cast.writerCookie);
  const result: FanOutResult = { latencies: [], acks: [], serverCpuMs: 0, postgresCpuMs: 0 };
  try {
    for (let i = 0; i < 3; i++) await sendAndWait(writer, readers, commentFor(chapter, -i));
    await probe?.();
    const cpuBefore = processCpuMs(system.serverPid);
    const pgBefore = postgresCpuMs(pgDataDir);
    for (let i = 0; i < COMMANDS; i++) {
      const { arrivals, ack } = await sendAndWait(writer, readers, commentFor(chapter, i));
      result.latencies.push(...arrivals);
      if (ack !== null) result.acks.push(ack);
      await sleep(PACE_MS);
    }
    result.serverCpuMs = (processCpuMs(system.serverPid) - cpuBefore) / COMMANDS;
    result.postgresCpuMs = (postgresCpuMs(pgDataDir) - pgBefore) / COMMANDS;
  } finally {
    writer.close();
    for (const reader of readers) reader.close();
  }
  return result;
}

async function sendAndWait(
  writer: Writer,
  readers: { seen: (threadId: string) => Promise<number> }[],
  comment: BenchComment,
) {
  const seen = readers.map((reader) => reader.seen(comment.threadId));
  const started = performance.now();
  const ackAt = await writer.send(comment);
  const arrivals = (await Promise.all(seen)).map((at) => at - started);
  return { arrivals, ack: ackAt === null ? null : ackAt - started };
}

/**
 * Commands one document accepts per second from many members: THROUGHPUT_MEMBERS sockets send
 * THROUGHPUT_RATE commands a second between them for THROUGHPUT_SECONDS, each stored before it
 * is acknowledged. The rate is the acknowledged commands over the time from the first send to
 * the last acknowledgement; a refused command (busy, over a budget) does not count.
 */
async function documentThroughput(
  system: RealtimeSystem,
  chapter: Chapter,
  cast: Cast,
  log: Log,
): Promise<{ perSecond: number; refused: number; sent: number }> {
  const doc = chapterDoc(chapter.chapterId);
  const writers = await inBatches(THROUGHPUT_MEMBERS, (i) =>
    system.writer(doc, cast.cookies[i % cast.cookies.length] ?? ""),
  );
  try {
    const total = THROUGHPUT_RATE * THROUGHPUT_SECONDS;
    const sends: Promise<number | null>[] = [];
    let refused = 0;
    const reasons = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / THROUGHPUT_RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const writer = writers[i % writers.length] as Writer;
      sends.push(
        writer.send(commentFor(chapter, i)).catch((error: unknown) => {
          refused += 1;
          const code = /"code":"([^"]+)"/.exec(String(error))?.[1] ?? String(error).slice(0, 80);
          reasons.set(code, (reasons.get(code) ?? 0) + 1);
          return null;
        }),
      );
    }
    const acks = (await Promise.all(sends)).filter((at): at is number => at !== null);
    const last = Math.max(...acks);
    const perSecond = acks.length / ((last - started) / 1000);
    const why = [...reasons].map(([code, count]) => `${count} ${code}`).join(", ");
    log(
      `  ${acks.length} of ${total} acknowledged, ${perSecond.toFixed(0)}/s; ${refused} refused${why ? ` (${why})` : ""}`,
    );
    return { perSecond, refused, sent: total };
  } finally {
    for (const writer of writers) writer.close();
  }
}

/** The physical floor of a durable acknowledgement: one INSERT and COMMIT over `pg`. */
async function bareInsertCommits(databaseUrl: string, samples: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    "CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, payload bytea NOT NULL)",
  );
  const payload = Buffer.alloc(400, 7);
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await client.query("BEGIN");
      await client.query("INSERT INTO bench_floor (payload) VALUES ($1)", [payload]);
      await client.query("COMMIT");
      times.push(performance.now() - started);
      await sleep(PACE_MS / 4);
    }
  } finally {
    await client.end();
  }
  return times;
}

async function committedTransactions(): Promise<number> {
  const { rows } = await getPool().query<{ n: string }>(
    "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return Number(rows[0]?.n ?? 0);
}

/** Commits per millisecond on the bench database over `ms` of doing nothing. */
async function idleCommitRate(ms: number): Promise<number> {
  const start = await committedTransactions();
  const started = performance.now();
  await sleep(ms);
  await sleep(1_200); // statistics are flushed about once a second
  // The -1: the counting query's own transaction.
  return ((await committedTransactions()) - start - 1) / (performance.now() - started);
}

/**
 * PostgreSQL transactions per comment.create: counted across a run, less the idle rate. The idle
 * rate is measured before and after the run and the lower one taken: a background job (reminders,
 * the held-comment reveal, autovacuum) that commits during one idle window would otherwise be
 * subtracted as if it ran all along (one run reported -14.8 per command).
 */
async function transactionsPerCommand(
  system: RealtimeSystem,
  chapter: Chapter,
  cast: Cast,
): Promise<number> {
  const doc = chapterDoc(chapter.chapterId);
  const writer = await system.writer(doc, cast.writerCookie);
  const reader = await system.reader(doc, cast.cookies[0] ?? "");
  try {
    await sendAndWait(writer, [reader], commentFor(chapter, -1));
    // Autovacuum's and autoanalyze's transactions count in pg_stat_database too, and the
    // fan-out workloads before this one leave thousands of new rows for them: done now, they
    // do not fire during the count.
    await getPool().query("VACUUM ANALYZE");
    await sleep(1_200);
    const idleBefore = await idleCommitRate(3_000);
    const before = await committedTransactions();
    const started = performance.now();
    for (let i = 0; i < COMMANDS; i++) {
      await sendAndWait(writer, [reader], commentFor(chapter, i));
      await sleep(PACE_MS);
    }
    await sleep(1_200);
    const counted = (await committedTransactions()) - before - 1;
    const elapsed = performance.now() - started;
    const idleRate = Math.min(idleBefore, await idleCommitRate(3_000));
    return (counted - idleRate * elapsed) / COMMANDS;
  } finally {
    writer.close();
    reader.close();
  }
}

/** Memory per idle client, two ways, from one measurement (bytes per client). */
type MemoryResult = { rss: number; live: number };

/**
 * A server's memory at rest: the median of three readings, each after a full collection in the
 * process (memory-probe.mjs), so that garbage not yet collected does not count as kept.
 */
async function memoryAtRest(pid: number, probeDir: string) {
  const samples: MemorySample[] = [];
  for (let i = 0; i < 3; i++) {
    samples.push(await probeMemory(pid, probeDir));
    await sleep(250);
  }
  return {
    rss: median(samples.map((s) => s.rss)),
    live: median(samples.map((s) => s.heapUsed + s.external)),
  };
}

/**
 * Server memory per idle connected client: the server's memory at rest with N clients joined,
 * less its memory at rest just before, with none. `rss` is what the machine pays; `live` (V8
 * heap in use plus Buffers) is what the server keeps, without the free pages it has not given
 * back.
 */
async function memoryPerIdleClient(
  system: RealtimeSystem,
  chapter: Chapter,
  cast: Cast,
  probeDir: string,
): Promise<MemoryResult> {
  const doc = chapterDoc(chapter.chapterId);
  // The clients of the system measured before have disconnected; their sockets are gone.
  await sleep(1_000);
  const before = await memoryAtRest(system.serverPid, probeDir);
  const readers = await inBatches(IDLE_CLIENTS, (i) =>
    system.reader(doc, cast.cookies[i % cast.cookies.length] ?? ""),
  );
  try {
    await sleep(2_000);
    const after = await memoryAtRest(system.serverPid, probeDir);
    return {
      rss: (after.rss - before.rss) / IDLE_CLIENTS,
      live: (after.live - before.live) / IDLE_CLIENTS,
    };
  } finally {
    for (const reader of readers) reader.close();
  }
}

/**
 * A first round of as many clients, not measured: what a server makes once (code compiled and
 * optimised on first use, a pool grown to the connection burst, modules loaded on first use) is
 * not a cost per client. The live heap does not count the free pages this round leaves; the RSS
 * may, which is one reason the target is on the live heap.
 */
async function memoryWarmUp(system: RealtimeSystem, chapter: Chapter, cast: Cast) {
  const doc = chapterDoc(chapter.chapterId);
  const readers = await inBatches(IDLE_CLIENTS, (i) =>
    system.reader(doc, cast.cookies[i % cast.cookies.length] ?? ""),
  );
  for (const reader of readers) reader.close();
}

/** A 5,000-thread document made by the same command code, as one Yjs update. */
function largeDocumentUpdate(chapter: Chapter, authorId: string): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < LARGE_THREADS; i++) applyBenchComment(doc, commentFor(chapter, i), authorId);
  return Y.encodeStateAsUpdate(doc);
}

/** Puts the large document where each system loads cold documents from. */
async function storeCold(
  system: RealtimeSystem,
  chapter: Chapter,
  update: Uint8Array,
  preloadDir: string,
) {
  const name = chapterDoc(chapter.chapterId);
  if (system.name === "ours")
    await inDocumentTransaction(getPool(), name, (client) =>
      appendUpdate(client, name, update, "bench"),
    );
  else writeFileSync(path.join(preloadDir, `${encodeURIComponent(name)}.bin`), update);
}

async function coldJoin(system: RealtimeSystem, chapter: Chapter, cast: Cast) {
  const started = performance.now();
  const reader = await system.reader(chapterDoc(chapter.chapterId), cast.cookies[0] ?? "");
  await reader.holds(LARGE_THREADS);
  const elapsed = performance.now() - started;
  const bytes = reader.bytesReceived();
  reader.close();
  return { elapsed, bytes };
}

function runWorker(args: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(output) as number[])
        : reject(new Error(`${args[0]} exited with ${code}`)),
    );
  });
}

/** Another document's send → arrival while STORM_CLIENTS cold-join the large document. */
async function joinStorm(
  system: RealtimeSystem,
  probeChapter: Chapter,
  largeChapter: Chapter,
  cast: Cast,
  url: string,
  hocuspocusPort: number,
): Promise<number[]> {
  const doc = chapterDoc(probeChapter.chapterId);
  const writer = await system.writer(doc, cast.writerCookie);
  const reader = await system.reader(doc, cast.cookies[0] ?? "");
  const largeDoc = chapterDoc(largeChapter.chapterId);
  const storm =
    system.name === "ours"
      ? runWorker([
          "scripts/bench/join-storm-worker.ts",
          url,
          cast.cookies[1] ?? "",
          largeDoc,
          String(STORM_CLIENTS),
        ])
      : runWorker([
          "scripts/bench/hocuspocus-join-storm-worker.ts",
          String(hocuspocusPort),
          largeDoc,
          String(STORM_CLIENTS),
        ]);
  let done = false;
  void storm.finally(() => (done = true));
  const samples: number[] = [];
  try {
    let i = 0;
    while ((!done || samples.length < 20) && samples.length < 400) {
      const { arrivals } = await sendAndWait(writer, [reader], commentFor(probeChapter, i++));
      samples.push(...arrivals);
      await sleep(20);
    }
    await storm;
  } finally {
    writer.close();
    reader.close();
  }
  return samples;
}

function workload(
  entry: Omit<Workload, "met" | "ratio"> & { ratio: number | null; bound?: number },
): Workload {
  const { bound, ...rest } = entry;
  const met = bound === undefined || rest.ratio === null ? null : rest.ratio <= bound;
  const row = { ...rest, met };
  workloads.push(row);
  return row;
}

const asRow = (w: Workload): Row => ({
  name: `${w.name}: ${w.metric}`,
  value: `${w.ours?.toFixed(2) ?? "–"} ${w.unit}`,
  baseline: [
    w.hocuspocus === null ? null : `Hocuspocus ${w.hocuspocus.toFixed(2)}`,
    w.floor === null ? null : `floor ${w.floor.toFixed(2)}`,
  ]
    .filter(Boolean)
    .join(", "),
  ratio: `${w.ratio?.toFixed(2) ?? "–"}× ${w.target ?? ""}${w.met === null ? "" : w.met ? " ✓" : " ✗"}`,
});

export async function benchRealtime(env: BenchEnvironment, log: Log): Promise<Row[]> {
  // Every server reports its memory through the same probe (memory-probe.mjs).
  const probeDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-memory-"));
  const probeEnv = memoryProbeEnv(probeDir);
  const server = await env.startServer({
    ...probeEnv,
    // The benchmark's readers are 200 accounts of one group; one writer sends every comment.
    REALTIME_MAX_SOCKETS_PER_USER: "1000",
    REALTIME_USER_COMMANDS: "1000000",
  });
  const serverPid = server.process.pid ?? 0;
  const preloadDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-hocuspocus-"));
  const hocuspocus = await startPeer("scripts/bench/peers/hocuspocus-peer.ts", {
    ...probeEnv,
    BENCH_PRELOAD_DIR: preloadDir,
  });
  const relay = await startPeer("scripts/bench/peers/relay-peer.ts", probeEnv);
  const pgDataDir = path.join(env.dataDir, "postgres");
  try {
    const group = await db.group.create({ data: { name: "Bench group" } });
    const text = await db.text.create({
      data: { groupId: group.id, title: "Bench text", sourceFormat: "txt" },
    });
    let chapterIndex = 0;
    const chapter = () => newChapter(text.id, chapterIndex++);
    log("minting 200 readers' sessions…");
    const cast = await castOf(group.id, 200);
    const systems: RealtimeSystem[] = [
      ourSystem(server.url, serverPid, cast.writerId),
      hocuspocusSystem(hocuspocus.port, hocuspocus.child.pid ?? 0, cast.writerId),
      relaySystem(relay.port, relay.child.pid ?? 0, cast.writerId),
    ];
    const orderFor = (pair: number) => (pair % 2 === 0 ? systems : [...systems].reverse());

    for (const readers of [50, 200].filter((count) => wanted(`fan-out-${count}`))) {
      const perPair: Record<string, FanOutResult>[] = [];
      for (let pair = 0; pair < PAIRS; pair++) {
        const results: Record<string, FanOutResult> = {};
        for (const system of orderFor(pair)) {
          log(`fan-out, ${readers} readers, pair ${pair + 1}/${PAIRS}: ${system.name}…`);
          results[system.name] = await fanOut(system, await chapter(), cast, readers, pgDataDir);
        }
        perPair.push(results);
      }
      const figure = (name: string, pick: (r: FanOutResult) => number) =>
        median(perPair.map((results) => pick(results[name] as FanOutResult)));
      const perPairRatio = (pick: (r: FanOutResult) => number) =>
        median(
          perPair.map(
            (results) =>
              pick(results.ours as FanOutResult) / pick(results.hocuspocus as FanOutResult),
          ),
        );
      for (const p of [50, 99]) {
        const pick = (r: FanOutResult) => percentile(r.latencies, p);
        workload({
          name: `fan-out, 1 writer, ${readers} readers`,
          metric: `send → reader p${p}`,
          unit: "ms",
          ours: figure("ours", pick),
          hocuspocus: figure("hocuspocus", pick),
          floor: figure("floor", pick),
          ratio: perPairRatio(pick),
          target: "≤ 1.0× Hocuspocus",
          bound: 1.0,
        });
      }
      workload({
        name: `fan-out, 1 writer, ${readers} readers`,
        metric: "server CPU per comment",
        unit: "ms",
        ours: figure("ours", (r) => r.serverCpuMs),
        hocuspocus: figure("hocuspocus", (r) => r.serverCpuMs),
        floor: figure("floor", (r) => r.serverCpuMs),
        ratio: perPairRatio((r) => r.serverCpuMs),
        target: "≤ 1.5× Hocuspocus",
        bound: 1.5,
      });
      workload({
        name: `fan-out, 1 writer, ${readers} readers`,
        metric: "PostgreSQL CPU per comment (ours only)",
        unit: "ms",
        ours: figure("ours", (r) => r.postgresCpuMs),
        hocuspocus: null,
        floor: null,
        ratio: null,
        target: null,
      });
      if (readers === 50) {
        log("durable ack: bare INSERT + COMMIT over pg, the floor…");
        const floorAcks = await bareInsertCommits(env.databaseUrl, COMMANDS * PAIRS);
        const oursAcks = perPair.flatMap((results) => (results.ours as FanOutResult).acks);
        for (const p of [50, 99])
          workload({
            name: "command → durable ack",
            metric: `p${p}`,
            unit: "ms",
            ours: percentile(oursAcks, p),
            hocuspocus: null,
            floor: percentile(floorAcks, p),
            ratio: percentile(oursAcks, p) / percentile(floorAcks, p),
            target: p === 50 ? "≤ 1.5× bare INSERT+COMMIT" : null,
            bound: p === 50 ? 1.5 : undefined,
          });
      }
    }

    if (wanted("transactions")) {
      log("PostgreSQL transactions per comment.create…");
      const transactions = await transactionsPerCommand(
        systems[0] as RealtimeSystem,
        await chapter(),
        cast,
      );
      workload({
        name: "comment.create",
        metric: "PostgreSQL transactions per command",
        unit: "transactions",
        ours: transactions,
        hocuspocus: null,
        floor: null,
        ratio: transactions,
        target: "≤ 2",
        bound: 2,
      });
    }

    if (wanted("throughput")) {
      log(
        `one document's write rate: ${THROUGHPUT_MEMBERS} members sending ${THROUGHPUT_RATE} commands/s for ${THROUGHPUT_SECONDS} s…`,
      );
      const ours = systems[0] as RealtimeSystem;
      const runs: number[] = [];
      for (let pair = 0; pair < PAIRS; pair++)
        runs.push((await documentThroughput(ours, await chapter(), cast, log)).perSecond);
      const perSecond = median(runs);
      // A floor, not a ratio: the issue asks at least 200 commands/s of one document.
      workloads.push({
        name: `one document, ${THROUGHPUT_MEMBERS} members sending ${THROUGHPUT_RATE}/s`,
        metric: "commands acknowledged per second (stored first)",
        unit: "/s",
        ours: perSecond,
        hocuspocus: null,
        floor: null,
        ratio: perSecond / 200,
        target: "≥ 200/s (ratio: ÷ 200, ≥ 1.0)",
        met: perSecond >= 200,
      });
    }

    if (wanted("memory")) {
      for (const system of systems) {
        log(`memory per idle client: warm-up, ${system.name}…`);
        await memoryWarmUp(system, await chapter(), cast);
      }
      const perPair: Record<string, MemoryResult>[] = [];
      for (let pair = 0; pair < PAIRS; pair++) {
        const results: Record<string, MemoryResult> = {};
        for (const system of orderFor(pair)) {
          log(
            `memory per idle client (${IDLE_CLIENTS} clients), pair ${pair + 1}/${PAIRS}: ${system.name}…`,
          );
          results[system.name] = await memoryPerIdleClient(system, await chapter(), cast, probeDir);
        }
        perPair.push(results);
        log(
          `  RSS per client ${systems.map((s) => `${s.name} ${((results[s.name]?.rss ?? 0) / 1024).toFixed(2)}`).join(", ")} KiB; ` +
            `live ${systems.map((s) => `${s.name} ${((results[s.name]?.live ?? 0) / 1024).toFixed(2)}`).join(", ")} KiB`,
        );
      }
      const figure = (name: string, pick: (r: MemoryResult) => number) =>
        median(perPair.map((results) => pick(results[name] as MemoryResult))) / 1024;
      const perPairRatio = (pick: (r: MemoryResult) => number) =>
        median(
          perPair.map(
            (results) =>
              pick(results.ours as MemoryResult) / pick(results.hocuspocus as MemoryResult),
          ),
        );
      // The target is on what the server keeps: after a full collection that moves by a few
      // percent between pairs, where the RSS difference still moves several-fold (free pages
      // that V8 and malloc keep or give back as they choose). The RSS stays in the table.
      for (const [metric, pick, bound] of [
        [
          "server live heap + Buffers per client (after a full GC)",
          (r: MemoryResult) => r.live,
          1.0,
        ],
        ["server RSS per client (after a full GC)", (r: MemoryResult) => r.rss, undefined],
      ] as const)
        workload({
          name: `${IDLE_CLIENTS} idle connected clients`,
          metric,
          unit: "KiB",
          ours: figure("ours", pick),
          hocuspocus: figure("hocuspocus", pick),
          floor: figure("floor", pick),
          ratio: perPairRatio(pick),
          target: bound === undefined ? null : "≤ 1.0× Hocuspocus",
          bound,
        });
    }

    const update =
      wanted("cold-join") || wanted("join-storm")
        ? largeDocumentUpdate(await chapter(), cast.writerId)
        : new Uint8Array();
    if (wanted("cold-join")) {
      log(`cold join of a ${LARGE_THREADS.toLocaleString("en")}-thread document…`);
      const joins: {
        ours: { elapsed: number; bytes: number };
        hocuspocus: { elapsed: number; bytes: number };
      }[] = [];
      for (let pair = 0; pair < PAIRS; pair++) {
        const result: Partial<(typeof joins)[number]> = {};
        for (const system of orderFor(pair).filter((s) => s.name !== "floor")) {
          const large = await chapter();
          await storeCold(system, large, update, preloadDir);
          result[system.name as "ours" | "hocuspocus"] = await coldJoin(system, large, cast);
        }
        joins.push(result as (typeof joins)[number]);
      }
      for (const [metric, unit, pick, bound] of [
        ["time to the full state", "ms", (j: { elapsed: number }) => j.elapsed, 0.8],
        ["bytes received", "KiB", (j: { bytes: number }) => j.bytes / 1024, 1.0],
      ] as const)
        workload({
          name: `cold join of a ${LARGE_THREADS.toLocaleString("en")}-thread document`,
          metric,
          unit,
          ours: median(joins.map((j) => pick(j.ours))),
          hocuspocus: median(joins.map((j) => pick(j.hocuspocus))),
          floor: null,
          ratio: median(joins.map((j) => pick(j.ours) / pick(j.hocuspocus))),
          target: `≤ ${bound.toFixed(1)}× Hocuspocus`,
          bound,
        });
    }

    if (wanted("join-storm")) {
      log(
        `join storm: ${STORM_CLIENTS} clients cold-join the large document, another document probed…`,
      );
      const storms: { ours: number; hocuspocus: number }[] = [];
      for (let pair = 0; pair < PAIRS; pair++) {
        const result: Partial<{ ours: number; hocuspocus: number }> = {};
        for (const system of orderFor(pair).filter((s) => s.name !== "floor")) {
          const large = await chapter();
          await storeCold(system, large, update, preloadDir);
          const samples = await joinStorm(
            system,
            await chapter(),
            large,
            cast,
            server.url,
            hocuspocus.port,
          );
          result[system.name as "ours" | "hocuspocus"] = percentile(samples, 99);
        }
        storms.push(result as { ours: number; hocuspocus: number });
        log(
          `  pair ${pair + 1}: ours p99 ${ms(result.ours ?? 0)}, Hocuspocus p99 ${ms(result.hocuspocus ?? 0)}`,
        );
      }
      const stormOurs = median(storms.map((s) => s.ours));
      workload({
        name: `join storm (${STORM_CLIENTS} cold joins of ${LARGE_THREADS.toLocaleString("en")} threads)`,
        metric: "another document's send → arrival p99",
        unit: "ms",
        ours: stormOurs,
        hocuspocus: median(storms.map((s) => s.hocuspocus)),
        floor: null,
        ratio: median(storms.map((s) => s.ours / s.hocuspocus)),
        target: "≤ 0.2× Hocuspocus and < 30 ms",
        // Both bounds hold or the target is missed: a negative bound can never be met.
        bound: stormOurs < 30 ? 0.2 : -1,
      });
      log(`  ours p99 ${ms(stormOurs)}`);
    }
  } finally {
    await hocuspocus.stop();
    await relay.stop();
    rmSync(preloadDir, { recursive: true, force: true });
    rmSync(probeDir, { recursive: true, force: true });
  }
  return workloads.map(asRow);
}
