import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db/prisma";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { CollabClient } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { ms, percentile, ratio, type BenchEnvironment } from "@/scripts/bench/harness";
import {
  announcePresence,
  colorOf,
  now,
  type TFromWorker,
  type TParticipantSpec,
  type TToWorker,
} from "@/scripts/bench/live-room-worker";
import * as docNames from "@/lib/documents/names";

type Row = { name: string; value: string; baseline: string; ratio: string };
type Log = (line: string) => void;

const PARTICIPANTS = 150;
const WORKERS = 3;
// Sign-ins from one address are limited (auth.sign-in-ip: 100 per 15 min), so the room is 30
// member accounts with 5 sockets each, like members with several tabs or devices.
const MEMBER_USERS = 30;
const JOIN_CONCURRENCY_PER_WORKER = 5;
const ROUNDS = 30;
// The first commands after the server starts pay for JIT and cold pools: not part of either figure.
const WARM_UP_ROUNDS = 10;
// One participant gives one sample per round, so more rounds for a p99 that is not just the max.
// A multiple of ROUNDS: the large room's rounds fall between them evenly.
const BASELINE_ROUNDS = 60;
// Between commands; the large room gets one every other pair, so ~2 × (gap + latency) apart.
const ROUND_GAP_MS = 200;
const NEWCOMERS = 10;
const SOLO_JOINS = 20;

async function signedInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const http = new HttpClient(baseUrl);
  const result = await http.signIn(email, password);
  if (!result.ok) throw new Error(`sign-in failed for ${email}: ${result.error}`);
  return http.cookieHeader();
}

const p = (samples: number[], at: number) => percentile(samples, at);
const max = (samples: number[]) =>
  samples.length === 0 ? Number.NaN : samples.reduce((a, b) => Math.max(a, b));

/** CPU time of one process (all its threads) from /proc, in ms; NaN where there is no /proc. */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces); utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total jiffies of the whole machine: other work on it shows here too. */
function machineTicks(): { busy: number; total: number } {
  try {
    const values = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/**
 * Where the CPU went during one phase: the app server, the participants' processes, and how
 * busy the machine (2 cores, shared with the rest of the bench) was.
 */
function cpuMeter(serverPid: number | undefined, clientPids: (number | undefined)[]) {
  const clients = () => clientPids.reduce<number>((sum, pid) => sum + processCpuMs(pid), 0);
  const start = { server: processCpuMs(serverPid), clients: clients(), machine: machineTicks() };
  return () => {
    const machine = machineTicks();
    return {
      server: processCpuMs(serverPid) - start.server,
      clients: clients() - start.clients,
      busy: (machine.busy - start.machine.busy) / (machine.total - start.machine.total),
    };
  };
}

const describeCpu = (cpu: { server: number; clients: number; busy: number }, clients = true) =>
  `server ${(cpu.server / 1000).toFixed(2)} s CPU${clients ? `, participants ${(cpu.clients / 1000).toFixed(2)} s` : ""}, machine ${(cpu.busy * 100).toFixed(0)}% busy`;

/** One child process holding a share of the participants, spoken to over IPC. */
class RoomWorker {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: TFromWorker) => void>();
  private joinDone: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private closed: ((errors: number) => void) | null = null;
  /** This process's clock minus ours, and how far that estimate can be off. */
  offset = 0;
  offsetError = 0;
  readonly dropped: string[] = [];
  onJoined: (elapsed: number) => void = () => undefined;

  get pid(): number | undefined {
    return this.child.pid;
  }

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: TFromWorker) => this.receive(message));
  }

  static async start(url: string): Promise<RoomWorker> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/bench/live-room-worker.ts", url],
      { stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    const worker = new RoomWorker(child);
    await worker.measureClock();
    return worker;
  }

  private receive(message: TFromWorker): void {
    switch (message.op) {
      case "joined":
        return this.onJoined(message.ms);
      case "join-done":
        this.joinDone?.resolve();
        return;
      case "join-failed":
        this.joinDone?.reject(new Error(message.message));
        return;
      case "dropped":
        this.dropped.push(message.reason);
        return;
      case "closed":
        this.closed?.(message.errors);
        return;
      case "seen":
      case "clock":
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
        return;
    }
  }

  private request<T extends TFromWorker>(message: TToWorker & { id: number }): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.set(message.id, (reply) => resolve(reply as T));
      this.child.send(message);
    });
  }

  /**
   * Both clocks are performance.timeOrigin + performance.now(): wall-clock based, so processes
   * started at different moments agree only as well as the wall clock was read at each start.
   * NTP-style: the ping with the shortest IPC round trip bounds the error by half of it.
   */
  private async measureClock(): Promise<void> {
    let best = Number.POSITIVE_INFINITY;
    // The first message also waits for tsx to load the worker, so several rounds.
    for (let i = 0; i < 30; i++) {
      const sent = now();
      const reply = await this.request<Extract<TFromWorker, { op: "clock" }>>({
        op: "clock",
        id: this.nextId++,
      });
      const received = now();
      if (received - sent < best) {
        best = received - sent;
        this.offset = reply.at - (sent + received) / 2;
        this.offsetError = best / 2;
      }
    }
  }

  join(message: Omit<Extract<TToWorker, { op: "join" }>, "op">): Promise<void> {
    return new Promise((resolve, reject) => {
      this.joinDone = { resolve, reject };
      this.child.send({ op: "join", ...message } satisfies TToWorker);
    });
  }

  /** When each of this worker's participants saw the change, on our clock. */
  async watch(
    what: { op: "watch-spotlight"; start: number } | { op: "watch-awareness"; clientId: number },
  ): Promise<{ times: number[]; missing: number }> {
    const reply = await this.request<Extract<TFromWorker, { op: "seen" }>>({
      ...what,
      id: this.nextId++,
    });
    return { times: reply.times.map((at) => at - this.offset), missing: reply.missing };
  }

  close(): Promise<number> {
    const closed = new Promise<number>((resolve) => (this.closed = resolve));
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.send({ op: "close" } satisfies TToWorker);
    return Promise.all([closed, exited]).then(([errors]) => errors);
  }
}

type Room = {
  url: string;
  doc: string;
  chapterId: string;
  paragraphIds: string[];
  /** One host socket per room: the per-socket command limit then applies to each room alone. */
  host: CollabClient;
  workers: RoomWorker[];
  serverPid: number | undefined;
};

type SpotlightSeries = {
  latencies: number[];
  /** Per round: until the last participant had it. */
  lastArrivals: number[];
  acks: number[];
  /** Server CPU between sending the command and its arrival everywhere, summed over rounds. */
  serverCpu: number;
  missing: number;
};

const spotlightSeries = (): SpotlightSeries => ({
  latencies: [],
  lastArrivals: [],
  acks: [],
  serverCpu: 0,
  missing: 0,
});

/** One spotlight.set by the host → the spotlight in every participant's document. */
async function spotlightRound(room: Room, start: number, into: SpotlightSeries): Promise<void> {
  const seen = room.workers.map((worker) => worker.watch({ op: "watch-spotlight", start }));
  const cpuBefore = processCpuMs(room.serverPid);
  const sent = now();
  const ack = await room.host.command(room.doc, "spotlight.set", {
    chapterId: room.chapterId,
    paragraphId: room.paragraphIds[start % room.paragraphIds.length],
    start,
    end: start + 12,
  });
  into.acks.push(now() - sent);
  if (!ack.ok) throw new Error(`spotlight.set refused in ${room.doc}: ${JSON.stringify(ack)}`);
  const round: number[] = [];
  for (const reply of await Promise.all(seen)) {
    round.push(...reply.times.map((at) => at - sent));
    into.missing += reply.missing;
  }
  into.serverCpu += processCpuMs(room.serverPid) - cpuBefore;
  into.latencies.push(...round);
  if (round.length > 0) into.lastArrivals.push(max(round));
}

type PresenceSeries = { latencies: number[]; missing: number };

/** A member opens the room and publishes presence → that presence at every participant. */
async function newcomerPresence(
  room: Room,
  newcomer: TParticipantSpec,
  into: PresenceSeries,
): Promise<void> {
  const client = new CollabClient(room.url, newcomer.cookie);
  await client.connected();
  const ack = await client.join(room.doc);
  if (!ack.ok) throw new Error(`newcomer join refused: ${JSON.stringify(ack)}`);
  const sent = now();
  const clientId = announcePresence(client, room.doc, {
    user: { id: newcomer.userId, name: newcomer.name, color: colorOf(newcomer.userId) },
    chapterId: room.chapterId,
    paragraphId: room.paragraphIds[0] ?? "",
    following: true,
  });
  for (const reply of await Promise.all(
    room.workers.map((worker) => worker.watch({ op: "watch-awareness", clientId })),
  )) {
    into.latencies.push(...reply.times.map((at) => at - sent));
    into.missing += reply.missing;
  }
  client.close();
}

async function emptyRoundTrips(client: CollabClient, doc: string, count: number) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = now();
    await client.join(doc);
    samples.push(now() - started);
  }
  return samples;
}

function describeClocks(workers: RoomWorker[]): string {
  return workers
    .map((w) => `${w.offset >= 0 ? "+" : ""}${w.offset.toFixed(2)}±${w.offsetError.toFixed(2)}`)
    .join(", ");
}

async function hostIn(
  url: string,
  cookie: string,
  doc: string,
  presence: Parameters<typeof announcePresence>[2],
): Promise<CollabClient> {
  const host = new CollabClient(url, cookie);
  await host.connected();
  if (!(await host.join(doc)).ok) throw new Error(`the host could not join ${doc}`);
  announcePresence(host, doc, presence);
  return host;
}

/**
 * A live session room with 150 participants (each a socket.io client with its own Y.Doc and
 * awareness, in 3 child processes): the host's spotlight reaching everyone, joining, and a
 * newcomer's presence reaching everyone. The baseline is a second session's room holding 1
 * participant, measured in turns with the large one, so that both see the same machine (other
 * work on it comes and goes).
 */
export async function benchLiveSession(env: BenchEnvironment, log: Log): Promise<Row[]> {
  const server = await env.startServer();
  const owner = await seedUser({ email: "live-host@example.test", name: "Live Host" });
  const group = await seedGroup(owner, { name: "Live bench group" });
  const members = [];
  for (let i = 0; i < MEMBER_USERS; i++) {
    const member = await seedUser({
      email: `live-member-${i}@example.test`,
      name: `Member ${String(i).padStart(2, "0")}`,
    });
    await seedMembership(group.id, member.id, "MEMBER");
    members.push(member);
  }
  const text = await db.text.create({
    data: {
      groupId: group.id,
      title: "Live bench text",
      sourceFormat: "txt",
      chapters: { create: [{ index: 0, title: "Discussed" }] },
    },
    include: { chapters: true },
  });
  const chapter = text.chapters[0];
  if (!chapter) throw new Error("bench chapter missing");
  const paragraphIds: string[] = [];
  for (let index = 0; index < 4; index++) {
    const paragraph = await db.paragraph.create({
      data: {
        chapterId: chapter.id,
        textId: text.id,
        index,
        text: `Paragraph ${index}: a passage the group talks about.`,
      },
    });
    paragraphIds.push(paragraph.id);
  }
  const sessionDoc = async (title: string) => {
    const startsAt = new Date();
    const session = await db.discussionSession.create({
      data: {
        groupId: group.id,
        title,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        timeZone: "Europe/London",
        hostId: owner.id,
        chapters: { create: [{ chapterId: chapter.id, position: 0 }] },
      },
    });
    return docNames.sessionDoc(session.id);
  };
  const bigDoc = await sessionDoc("Live bench session, 150 participants");
  const smallDoc = await sessionDoc("Live bench session, 1 participant");

  log(`signing in the host and ${MEMBER_USERS} members…`);
  const hostCookie = await signedInCookie(server.url, owner.email, owner.password);
  const memberSpecs: TParticipantSpec[] = [];
  for (const member of members)
    memberSpecs.push({
      cookie: await signedInCookie(server.url, member.email, member.password),
      userId: member.id,
      name: member.name,
    });
  const specFor = (i: number) => memberSpecs[i % memberSpecs.length] as TParticipantSpec;

  const where = { chapterId: chapter.id, paragraphId: paragraphIds[0] ?? "" };
  const hostPresence = {
    user: { id: owner.id, name: owner.name, color: colorOf(owner.id) },
    ...where,
    following: true,
  };
  const roomOf = async (doc: string): Promise<Room> => ({
    url: server.url,
    doc,
    chapterId: chapter.id,
    paragraphIds,
    host: await hostIn(server.url, hostCookie, doc, hostPresence),
    workers: [],
    serverPid: server.process.pid,
  });
  const big = await roomOf(bigDoc);
  const small = await roomOf(smallDoc);
  // The first command stores each session's initial state (its host); joins wait for it. The
  // first commands after the server starts also pay for JIT and cold pools: not counted.
  log("  warm-up rounds (not counted)…");
  await spotlightRound(small, 0, spotlightSeries());
  for (let i = 0; i < WARM_UP_ROUNDS; i++) {
    await spotlightRound(big, 100 + i, spotlightSeries());
    await sleep(ROUND_GAP_MS);
  }
  const emptyTrips = await emptyRoundTrips(small.host, smallDoc, 100);

  log("baseline joins: 1 participant into the small room (one child process)…");
  const solo = await RoomWorker.start(server.url);
  const soloJoin = (count: number, leave: boolean) =>
    solo.join({
      doc: smallDoc,
      participants: Array.from({ length: count }, (_, i) => specFor(i)),
      concurrency: 1,
      solo: leave,
      ...where,
    });
  await soloJoin(2, true);
  const soloJoins: number[] = [];
  solo.onJoined = (elapsed) => soloJoins.push(elapsed);
  const soloCpu = cpuMeter(server.process.pid, [solo.pid]);
  await soloJoin(SOLO_JOINS, true);
  const soloJoinsCpu = soloCpu();
  solo.onJoined = () => undefined;
  await soloJoin(1, false);
  small.workers.push(solo);

  log(`${PARTICIPANTS} participants into the large room, in ${WORKERS} child processes…`);
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, () => RoomWorker.start(server.url)),
  );
  big.workers.push(...workers);
  log(`  clock offsets of the child processes (ms): ${describeClocks([solo, ...workers])}`);
  const joins: number[] = [];
  for (const worker of workers)
    worker.onJoined = (elapsed) => {
      joins.push(elapsed);
      if (joins.length % 25 === 0) log(`  ${joins.length}/${PARTICIPANTS} joined`);
    };
  const perWorker = PARTICIPANTS / WORKERS;
  const joinCpu = cpuMeter(
    server.process.pid,
    workers.map((worker) => worker.pid),
  );
  const joinStarted = now();
  await Promise.all(
    workers.map((worker, w) =>
      worker.join({
        doc: bigDoc,
        participants: Array.from({ length: perWorker }, (_, i) => specFor(w * perWorker + i)),
        concurrency: JOIN_CONCURRENCY_PER_WORKER,
        solo: false,
        ...where,
      }),
    ),
  );
  const allJoined = now() - joinStarted;
  const joinsCpu = joinCpu();
  // Let the joiners' presence settle so the first rounds do not measure the arrival burst.
  await sleep(1000);

  log(
    `spotlight: ${ROUNDS} rounds in the large room, in turns with ${BASELINE_ROUNDS} in the small one…`,
  );
  const roundsCpu = cpuMeter(server.process.pid, [solo.pid, ...workers.map((w) => w.pid)]);
  const bigSpotlight = spotlightSeries();
  const smallSpotlight = spotlightSeries();
  const perBigRound = BASELINE_ROUNDS / ROUNDS;
  for (let i = 0; i < BASELINE_ROUNDS; i++) {
    await spotlightRound(small, 1000 + i, smallSpotlight);
    await sleep(ROUND_GAP_MS);
    if (i % perBigRound !== 0) continue;
    await spotlightRound(big, 2000 + i, bigSpotlight);
    await sleep(ROUND_GAP_MS);
    const done = bigSpotlight.acks.length;
    if (done % 10 === 0) log(`  ${done}/${ROUNDS} large-room rounds`);
  }
  log(`  ${describeCpu(roundsCpu())} during the rounds`);

  log(`newcomers' presence: ${NEWCOMERS} into each room, in turns…`);
  const bigPresence: PresenceSeries = { latencies: [], missing: 0 };
  const smallPresence: PresenceSeries = { latencies: [], missing: 0 };
  await newcomerPresence(small, specFor(1), { latencies: [], missing: 0 });
  await newcomerPresence(big, specFor(1), { latencies: [], missing: 0 });
  for (let i = 0; i < NEWCOMERS; i++) {
    await newcomerPresence(small, specFor(1), smallPresence);
    await sleep(ROUND_GAP_MS);
    await newcomerPresence(big, specFor(2), bigPresence);
    await sleep(ROUND_GAP_MS);
  }

  const dropped = [solo, ...workers].flatMap((worker) => worker.dropped);
  const missing = bigSpotlight.missing + bigPresence.missing;
  const baseMissing = smallSpotlight.missing + smallPresence.missing;
  const errors = (await Promise.all([solo, ...workers].map((w) => w.close()))).reduce(
    (a, b) => a + b,
    0,
  );
  big.host.close();
  small.host.close();
  log(
    `  closed: ${dropped.length} participants dropped by the server (${dropped.join(", ") || "none"}), ${errors} y-errors, ${missing + baseMissing} samples missing`,
  );

  const spot = bigSpotlight.latencies;
  const base = smallSpotlight.latencies;
  const presence = bigPresence.latencies;
  const basePres = smallPresence.latencies;
  const perRound = (series: SpotlightSeries) => series.serverCpu / series.acks.length;
  const perJoin = (cpu: { server: number }, count: number) => cpu.server / count;
  return [
    {
      name: `setup: ${PARTICIPANTS} participants (${MEMBER_USERS} members × ${PARTICIPANTS / MEMBER_USERS} sockets) in ${WORKERS} child processes, each a CollabClient (socket.io-client, Y.Doc, awareness renewed every 15 s); baseline room in a 4th`,
      value: `${ROUNDS} rounds → ${spot.length} spotlight samples; ${NEWCOMERS} newcomers → ${presence.length} presence samples`,
      baseline: `1 participant: ${BASELINE_ROUNDS} rounds, ${NEWCOMERS} newcomers, in turns`,
      ratio: "—",
    },
    {
      name: "spotlight.set → each participant's document, p50",
      value: ms(p(spot, 50)),
      baseline: `${ms(p(base, 50))} 1 participant`,
      ratio: ratio(p(spot, 50), p(base, 50)),
    },
    {
      name: "spotlight → each participant, p99",
      value: ms(p(spot, 99)),
      baseline: `${ms(p(base, 99))} 1 participant`,
      ratio: ratio(p(spot, 99), p(base, 99)),
    },
    {
      name: "spotlight → each participant, max",
      value: ms(max(spot)),
      baseline: `${ms(max(base))} 1 participant`,
      ratio: ratio(max(spot), max(base)),
    },
    {
      name: `spotlight → the last of ${PARTICIPANTS} (reaches all), p50 of rounds`,
      value: ms(p(bigSpotlight.lastArrivals, 50)),
      baseline: `${ms(p(base, 50))} 1 participant`,
      ratio: ratio(p(bigSpotlight.lastArrivals, 50), p(base, 50)),
    },
    {
      name: "spotlight → each participant p50, against an empty round trip",
      value: ms(p(spot, 50)),
      baseline: `${ms(p(emptyTrips, 50))} empty round trip`,
      ratio: ratio(p(spot, 50), p(emptyTrips, 50)),
    },
    {
      name: "spotlight.set → host's ack (stored), p50",
      value: ms(p(bigSpotlight.acks, 50)),
      baseline: `${ms(p(smallSpotlight.acks, 50))} 1 participant`,
      ratio: ratio(p(bigSpotlight.acks, 50), p(smallSpotlight.acks, 50)),
    },
    {
      name: "server CPU per spotlight round (command → arrival everywhere)",
      value: ms(perRound(bigSpotlight)),
      baseline: `${ms(perRound(smallSpotlight))} 1 participant`,
      ratio: ratio(perRound(bigSpotlight), perRound(smallSpotlight)),
    },
    {
      name: `all ${PARTICIPANTS} joined (${WORKERS}×${JOIN_CONCURRENCY_PER_WORKER} joins in flight; connect → state)`,
      value: ms(allJoined),
      baseline: `${ms(p(soloJoins, 50))} one join, room empty`,
      ratio: ratio(allJoined, p(soloJoins, 50)),
    },
    {
      name: "one join while the room fills, p50",
      value: ms(p(joins, 50)),
      baseline: `${ms(p(soloJoins, 50))} room empty`,
      ratio: ratio(p(joins, 50), p(soloJoins, 50)),
    },
    {
      name: "one join while the room fills, p99",
      value: ms(p(joins, 99)),
      baseline: `${ms(p(soloJoins, 99))} room empty`,
      ratio: ratio(p(joins, 99), p(soloJoins, 99)),
    },
    {
      name: "server CPU per join (with its presence fanned out to the room)",
      value: `${ms(perJoin(joinsCpu, PARTICIPANTS))} (${describeCpu(joinsCpu)})`,
      baseline: `${ms(perJoin(soloJoinsCpu, SOLO_JOINS))} room empty (${describeCpu(soloJoinsCpu, false)})`,
      ratio: ratio(perJoin(joinsCpu, PARTICIPANTS), perJoin(soloJoinsCpu, SOLO_JOINS)),
    },
    {
      name: `newcomer's presence → each of ${PARTICIPANTS} participants, p50`,
      value: ms(p(presence, 50)),
      baseline: `${ms(p(basePres, 50))} 1 participant`,
      ratio: ratio(p(presence, 50), p(basePres, 50)),
    },
    {
      name: `newcomer's presence → each of ${PARTICIPANTS}, p99`,
      value: ms(p(presence, 99)),
      baseline: `${ms(p(basePres, 99))} 1 participant`,
      ratio: ratio(p(presence, 99), p(basePres, 99)),
    },
    {
      name: "participants dropped / changes that never arrived",
      value: `${dropped.length} / ${missing}`,
      baseline: `— / ${baseMissing}`,
      ratio: "—",
    },
  ];
}
