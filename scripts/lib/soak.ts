/**
 * The soak run shared by `npm run soak` (issue size) and tests/integration/soak-ci.alone.test.ts (CI
 * size): two app processes on one PostgreSQL of its own (embedded, so it can be stopped) and one
 * redis-server of its own, real socket.io clients with real Yjs documents, four phases:
 *
 * 1. steady load: members spread over documents send comments at a fixed rate; errors counted,
 *    RSS of each process sampled, command-to-broadcast time measured on the other process;
 * 2. SIGKILL of a process several times under a higher rate: clients move to the survivor and
 *    retry unacknowledged commands with the same command id; every acknowledged comment must be
 *    stored exactly once (rows and document contents);
 * 3. PostgreSQL and Redis stopped and started again while commands flow: commands are refused
 *    while down (clients retry), nothing acknowledged is missing, the processes recover alone;
 * 4. every client dropped at once and reconnected at once: each converges to the server state.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import * as Y from "yjs";
import { hashPassword } from "@/lib/users/password";
import {
  findFreePort,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "@/lib/db/embedded-postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { REDIS_SERVER, startRedis, stopRedis } from "@/tests/helpers/redis-server";
import { chapterDoc } from "@/lib/documents/names";
import { buildIsStale } from "./build-freshness";
import { SoakDriver } from "./soak-driver";

export type SoakSize = {
  members: number;
  documents: number;
  steadyRate: number;
  steadySeconds: number;
  kills: number;
  killRate: number;
  /** Seconds of load at the kill rate before each kill (after the previous round). */
  secondsBetweenKills: number;
  /**
   * Seconds the kill rate goes on after each kill; then no new command until the killed process
   * is back and its clients have rejoined the survivor (pending retries go on).
   */
  killBurstSeconds: number;
  outageSeconds: number;
  outageRate: number;
  /** Processes the driver's clients are split over (each its own heap). */
  workers: number;
};

export const ISSUE_SIZE: SoakSize = {
  members: 500,
  documents: 20,
  steadyRate: 50,
  steadySeconds: 300,
  kills: 5,
  killRate: 200,
  secondsBetweenKills: 5,
  killBurstSeconds: 10,
  outageSeconds: 10,
  outageRate: 50,
  workers: 5,
};

/**
 * Sized for a shared 2-core CI machine: at load average ~20 the two app processes together serve
 * only a few commands per second (about 30 ms of CPU each, see docs/operations.md), and rates
 * above that queue until acks miss the client's 15 s timeout.
 */
export const CI_SIZE: SoakSize = {
  members: 40,
  documents: 4,
  steadyRate: 5,
  steadySeconds: 10,
  kills: 2,
  killRate: 6,
  secondsBetweenKills: 2,
  killBurstSeconds: 4,
  outageSeconds: 4,
  outageRate: 4,
  workers: 2,
};

export type SoakResults = {
  size: SoakSize;
  steady: {
    sent: number;
    acknowledged: number;
    errors: Record<string, number>;
    /** Command sent on one process → its broadcast seen by a client of the other process. */
    latencyMs: { p50: number; p99: number; max: number; samples: number };
    /** Command sent → its acknowledgement (the change stored). */
    ackMs: { p50: number; p99: number; max: number; samples: number };
    /** CPU used during the phase per acknowledged command: both app processes, PostgreSQL. */
    cpuMsPerCommand: { apps: number; postgresql: number };
    rssMb: { process: string; startMb: number; maxMb: number; growthMb: number }[];
  };
  kills: {
    kills: number;
    sent: number;
    acknowledged: number;
    missingRows: number;
    duplicateRows: number;
    missingInDocuments: number;
    duplicatedInDocuments: number;
    retried: number;
    /** Commands still refused or unanswered when their retries ran out (not acknowledged). */
    gaveUp: number;
    /** Comments stored per document by the end of the phase (each a thread in every replica). */
    threadsPerDocument: number;
    /** Per kill: the survivor's joins of the clients that moved to it (each a full state sync). */
    rejoins: { clients: number; seconds: number; joinsPerSecond: number }[];
    /**
     * GET /api/groups/{id}/online on the survivor while the killed process is down (its fan-out
     * to the dead process must not hold the answer up; issue 18 asks for 200 ms).
     */
    onlineMs: { p50: number; p99: number; max: number; samples: number; partial: number };
  };
  outage: {
    acknowledgedWhileDown: number;
    refusedWhileDown: number;
    refusalCodes: Record<string, number>;
    acknowledged: number;
    missingRows: number;
    duplicateRows: number;
    recoveredWithoutRestart: boolean;
  };
  reconnect: {
    clients: number;
    writtenWhileAway: number;
    converged: number;
    notConverged: number;
    missing: number;
    reconnectSeconds: number;
    /** Handshakes that timed out and were tried again (with backoff, as socket.io reconnects). */
    connectRetries: number;
    /** Clients that could not connect and join again in 11 handshakes (5 joins each). */
    notReconnected: number;
    /** Sockets dropped again after rejoining, before converging (reconnected by the driver). */
    droppedAgain: number;
    /** Each client's time from the reconnect to being joined. */
    clientSeconds: { p50: number; p99: number };
    /** CPU used while they reconnected: both app processes, the driver's workers. */
    cpuSeconds: { apps: number; driver: number };
  };
  /**
   * The driver's memory, summed over its processes (the coordinator and the client workers): it
   * holds a Y.Doc per live client, so it must stay bounded by the clients alive, not grow with
   * every client that was ever opened.
   */
  driver: {
    processes: number;
    maxRssMb: number;
    maxHeapMb: number;
    /** The largest worker's RSS. */
    maxWorkerRssMb: number;
    openClients: number;
  };
  /** Lines of the processes' logs matching the warning floods of issue 18 (all processes run). */
  warnings: { pgOverlappingQuery: number; yjsClientId: number; deprecation: number };
  seconds: number;
};

type Log = (line: string) => void;

const SECRET = "soak-secret-that-is-long-enough-for-next-auth-0123456789";
const READY = /Marginalia is ready at (http:\/\/\S+)/;

/** Every soak paragraph starts with this word; the server checks that a comment quotes its text. */
const PARAGRAPH_QUOTE = "first";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type AppProcess = { name: string; url: string; child: ChildProcess; output: () => string };

/** Every process a run started (killed ones too), for the warning count at the end. */
const started: AppProcess[] = [];
/** Every app process spawned, ready or not: none may outlive a run that failed. */
const spawned = new Set<ChildProcess>();

function countWarnings(): SoakResults["warnings"] {
  const all = started.map((app) => app.output()).join("\n");
  const count = (pattern: RegExp) => all.match(pattern)?.length ?? 0;
  return {
    pgOverlappingQuery: count(/client is already executing a query/g),
    yjsClientId: count(/Changed the client-id/g),
    deprecation: count(/DeprecationWarning/g),
  };
}

function startApp(name: string, env: Record<string, string>): Promise<AppProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-soak-app-"));
  // SOAK_CPU_PROFILE_DIR: each app process writes a V8 CPU profile there when it stops.
  const profile = process.env.SOAK_CPU_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SOAK_CPU_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/start.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      NEXTAUTH_SECRET: SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 120_000);
    const onData = () => {
      const match = READY.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      const app = {
        name,
        url: match[1].replace("localhost", "127.0.0.1"),
        child,
        output: () => output,
      };
      started.push(app);
      resolve(app);
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
}

async function stopApp(app: AppProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise((resolve) => app.child.once("exit", resolve));
  app.child.kill(signal);
  await exited;
}

/** A process and its descendants (Linux /proc). */
function processTree(pid: number): Set<number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of parents)
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
  }
  return tree;
}

/** Resident memory of a process and its descendants, in MB. */
function rssMb(pid: number): number {
  let kb = 0;
  for (const member of processTree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${member}/status`, "utf8"));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return Math.round(kb / 1024);
}

/** CPU seconds (user + system) used so far by a process and its living descendants. */
function cpuSeconds(pid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      // ended
    }
  }
  return ticks / ticksPerSecond;
}

/** The postmaster of the PostgreSQL serving `dataDir` (its command line names the folder). */
function postmasterOf(dataDir: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(dataDir) && /postgres/.test(cmdline)) return Number(entry);
    } catch {
      // ended
    }
  }
  return undefined;
}

type Member = { userId: string; cookie: string; doc: string };
type Fixture = {
  groupId: string;
  members: Member[];
  docs: string[];
  chapterOf: Map<string, string>;
  paragraphOf: Map<string, string>;
};

async function seed(url: string, size: SoakSize): Promise<Fixture> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const hash = await hashPassword("soak password");
    const groupId = randomUUID();
    const ownerId = randomUUID();
    await client.query("BEGIN");
    const userIds = [ownerId, ...Array.from({ length: size.members }, () => randomUUID())];
    await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", "timeZone", "updatedAt")
       SELECT id, 'soak-' || ord || '@example.test', 'Soak reader ' || ord, $2, 'Europe/London', now()
       FROM unnest($1::text[]) WITH ORDINALITY AS u(id, ord)`,
      [userIds, hash],
    );
    await client.query(
      `INSERT INTO "Group" (id, name, description, "timeZone", "updatedAt") VALUES ($1, 'Soak group', '', 'Europe/London', now())`,
      [groupId],
    );
    await client.query(
      `INSERT INTO "Membership" (id, "groupId", "userId", role)
       SELECT gen_random_uuid()::text, $1, id, CASE WHEN id = $3 THEN 'OWNER' ELSE 'MEMBER' END::"GroupRole"
       FROM unnest($2::text[]) AS u(id)`,
      [groupId, userIds, ownerId],
    );
    const textId = randomUUID();
    await client.query(
      `INSERT INTO "Text" (id, "groupId", title, "sourceFormat", "updatedAt") VALUES ($1, $2, 'Soak text', 'txt', now())`,
      [textId, groupId],
    );
    const docs: string[] = [];
    const chapterOf = new Map<string, string>();
    const paragraphOf = new Map<string, string>();
    for (let index = 0; index < size.documents; index++) {
      const chapterId = randomUUID();
      const paragraphId = randomUUID();
      await client.query(
        `INSERT INTO "Chapter" (id, "textId", index, title, "updatedAt") VALUES ($1, $2, $3, $4, now())`,
        [chapterId, textId, index, `Chapter ${index + 1}`],
      );
      await client.query(
        `INSERT INTO "Paragraph" (id, "chapterId", "textId", index, text) VALUES ($1, $2, $3, 0, $4)`,
        [paragraphId, chapterId, textId, `first paragraph of chapter ${index + 1}`],
      );
      const doc = chapterDoc(chapterId);
      docs.push(doc);
      chapterOf.set(doc, chapterId);
      paragraphOf.set(doc, paragraphId);
    }
    await client.query("COMMIT");
    const members: Member[] = [];
    for (const [index, userId] of userIds.slice(1).entries()) {
      // A session cookie as next-auth issues it (JWT with the session version), without
      // paying a password hash per member at sign-in.
      const token = await encode({
        token: { sub: userId, name: `Soak reader ${index + 2}`, sv: 0 },
        secret: SECRET,
        maxAge: 86_400,
      });
      members.push({
        userId,
        cookie: `next-auth.session-token=${token}`,
        doc: docs[index % docs.length] ?? "",
      });
    }
    return { groupId, members, docs, chapterOf, paragraphOf };
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runSoak(size: SoakSize, log: Log): Promise<SoakResults> {
  const startedAt = Date.now();
  const dbDir = mkdtempSync(path.join(os.tmpdir(), "marginalia-soak-db-"));
  let database: EmbeddedDatabase | undefined;
  let redis: ChildProcess | undefined;
  const apps: AppProcess[] = [];
  /** The coordinator's own clients (the members' live in the driver's workers). */
  const clients = new Set<CollabClient>();
  let driver: SoakDriver | undefined;
  // Ctrl-C or a kill of the run: its processes (apps, workers, Redis, PostgreSQL) go with it.
  const interrupted = (signal: NodeJS.Signals) => {
    driver?.kill();
    for (const child of spawned) child.kill("SIGKILL");
    redis?.kill("SIGKILL");
    void (database?.stop() ?? Promise.resolve())
      .catch(() => undefined)
      .finally(() => {
        rmSync(dbDir, { recursive: true, force: true });
        process.exit(signal === "SIGINT" ? 130 : 143);
      });
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    // Two processes that each find a stale build would both build (and time out on a busy
    // machine): the run needs the build of the sources it runs.
    if (await buildIsStale())
      throw new Error("the production build is missing or older than the sources: npm run build");
    database = await startEmbeddedPostgres({ dataDir: dbDir });
    const databaseUrl = database.url;
    const databasePort = database.port;
    await migrateDatabase(databaseUrl);
    const fixture = await seed(databaseUrl, size);
    const redisPort = await findFreePort();
    if (!existsSync(REDIS_SERVER)) throw new Error(`redis-server not found at ${REDIS_SERVER}`);
    redis = await startRedis(redisPort);
    const appEnv = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      // Budgets sized for a soak, not for one reader: what is measured is the realtime path.
      REALTIME_USER_COMMANDS: "100000",
    };
    log(`PostgreSQL on ${databasePort}, Redis on ${redisPort}; starting two app processes…`);
    apps.push(...(await Promise.all([startApp("A", appEnv), startApp("B", appEnv)])));
    log(`processes up: ${apps.map((app) => `${app.name} ${app.url}`).join(", ")}`);

    const processOf = new Map<CollabClient, AppProcess>();
    /**
     * A coordinator's own client (the phase 4 writers, the fresh readers) that will not be used
     * again: closed and forgotten, its Y.Docs destroyed.
     */
    function retire(client: CollabClient): void {
      clients.delete(client);
      processOf.delete(client);
      client.close();
      for (const doc of client.docs.values()) doc.destroy();
      client.docs.clear();
    }
    /** A coordinator's own client, joined to the member's document (retried 20 times). */
    async function connect(member: Member, app: AppProcess): Promise<CollabClient> {
      for (let attempt = 0; ; attempt++) {
        const client = new CollabClient(app.url, member.cookie);
        try {
          await client.connected();
          const joined = await client.join(member.doc);
          if (!joined.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
          clients.add(client);
          processOf.set(client, app);
          return client;
        } catch (error) {
          retire(client);
          if (attempt >= 20) throw error;
          await sleep(250);
        }
      }
    }
    const ref = (app: AppProcess) => ({ name: app.name, url: app.url });

    // The members' clients live in worker processes (see scripts/lib/soak-protocol.ts).
    driver = await SoakDriver.start(
      size.workers,
      fixture.members.map((member, index) => ({ index, cookie: member.cookie, doc: member.doc })),
    );
    const activeDriver = driver;
    log(`driver: ${size.workers} client workers (pids ${activeDriver.pids().join(", ")})`);
    const driverRss = () =>
      `driver ${activeDriver.rssMb()} MB in ${size.workers + 1} processes (${activeDriver.openClients()} clients)`;

    // Observers: one client per document on each process, for command-to-broadcast times: the
    // time of a thread's first sight on a process other than the one it was sent to.
    const seen = new Map<string, { app: string; at: number }[]>();
    let measuring = false;
    activeDriver.onSeen = (threadId, app, at) => {
      if (!measuring) return;
      const sightings = seen.get(threadId) ?? [];
      sightings.push({ app, at });
      seen.set(threadId, sightings);
    };

    await activeDriver.connect(
      fixture.members.map((_, index) => ({
        member: index,
        app: ref(apps[index % 2] as AppProcess),
      })),
    );
    await activeDriver.observe(
      fixture.docs.flatMap((doc, index) =>
        apps.map((app) => ({
          cookie: (fixture.members[index] as Member).cookie,
          doc,
          app: ref(app),
        })),
      ),
    );
    log(`${fixture.members.length} members connected over ${fixture.docs.length} documents`);

    type Sent = {
      threadId: string;
      messageId: string;
      commandId: string;
      doc: string;
      body: string;
      ackedAt: number;
    };
    const errors: Record<string, number> = {};
    const acknowledged = new Map<string, Sent>();
    /** While measuring: each command's last send (time, process), for command-to-broadcast. */
    const sends = new Map<string, { at: number; app: string }>();
    const ackLatencies: number[] = [];
    let sent = 0;
    let retried = 0;

    /** Sends one comment through the member's worker, which retries refusals until `retryUntil`. */
    async function comment(
      memberIndex: number,
      options: { retryUntil?: number; onRefusal?: (code: string, at: number) => void } = {},
    ): Promise<void> {
      const member = fixture.members[memberIndex] as Member;
      const command = {
        threadId: randomUUID(),
        messageId: randomUUID(),
        commandId: randomUUID(),
        doc: member.doc,
        body: `soak ${randomUUID()}`,
      };
      sent += 1;
      const measured = measuring;
      const done = await activeDriver.comment(
        memberIndex,
        {
          ...command,
          anchor: anchorFor(
            fixture.chapterOf.get(command.doc) ?? "",
            fixture.paragraphOf.get(command.doc) ?? "",
            PARAGRAPH_QUOTE,
          ),
        },
        options,
      );
      if (done.retried) retried += 1;
      if (measured && done.sentAt !== undefined && done.app)
        sends.set(command.threadId, { at: done.sentAt, app: done.app });
      if (done.ok) {
        acknowledged.set(command.threadId, { ...command, ackedAt: done.at });
        if (measured && done.sentAt !== undefined) ackLatencies.push(done.at - done.sentAt);
        return;
      }
      const code = done.code ?? "unknown";
      errors[code] = (errors[code] ?? 0) + 1;
    }

    /**
     * Fires comments at `rate` per second from random members, for `seconds` or while `during`
     * runs; while `firing()` is false no new comment is fired (those pending still retry).
     */
    async function load(
      rate: number,
      seconds: number,
      options: {
        retryFor?: number;
        onRefusal?: (code: string, at: number) => void;
        during?: () => Promise<void>;
        firing?: () => boolean;
      } = {},
    ): Promise<void> {
      const pending: Promise<void>[] = [];
      const phaseBegin = Date.now();
      let begin = phaseBegin;
      let fired = 0;
      let wasFiring = true;
      let stop = false;
      const during = options.during?.().finally(() => (stop = true));
      while (options.during ? !stop : Date.now() - phaseBegin < seconds * 1000) {
        const firing = options.firing?.() ?? true;
        if (firing && !wasFiring) {
          begin = Date.now();
          fired = 0;
        }
        wasFiring = firing;
        const due = firing ? Math.floor(((Date.now() - begin) / 1000) * rate) : 0;
        while (fired < due) {
          fired += 1;
          pending.push(
            comment(Math.floor(Math.random() * fixture.members.length), {
              retryUntil: options.retryFor ? Date.now() + options.retryFor : undefined,
              onRefusal: options.onRefusal,
            }),
          );
        }
        await sleep(20);
      }
      await during;
      await Promise.all(pending);
    }

    // Phase 1: steady load.
    log(`phase 1: ${size.steadyRate} commands/s for ${size.steadySeconds} s`);
    const rss = apps.map((app) => ({
      process: app.name,
      startMb: rssMb(app.child.pid ?? 0),
      maxMb: 0,
    }));
    const sampler = setInterval(() => {
      for (const [index, app] of apps.entries()) {
        const entry = rss[index];
        if (entry) entry.maxMb = Math.max(entry.maxMb, rssMb(app.child.pid ?? 0));
      }
    }, 1_000);
    const postmaster = postmasterOf(dbDir);
    const cpuBefore = {
      apps: apps.reduce((sum, app) => sum + cpuSeconds(app.child.pid ?? 0), 0),
      postgresql: postmaster ? cpuSeconds(postmaster) : 0,
    };
    measuring = true;
    activeDriver.measure(true);
    const progress = setInterval(
      () =>
        log(
          `  ${acknowledged.size} acknowledged, ${Object.values(errors).reduce((a, b) => a + b, 0)} errors, RSS ${rss.map((r) => `${r.process} ${r.maxMb} MB`).join(", ")}, ${driverRss()}`,
        ),
      10_000,
    );
    await load(size.steadyRate, size.steadySeconds);
    clearInterval(progress);
    clearInterval(sampler);
    const acknowledgedInPhase = Math.max(1, acknowledged.size);
    const cpuMsPerCommand = {
      apps: Math.round(
        ((apps.reduce((sum, app) => sum + cpuSeconds(app.child.pid ?? 0), 0) - cpuBefore.apps) *
          1000) /
          acknowledgedInPhase,
      ),
      postgresql: Math.round(
        (((postmaster ? cpuSeconds(postmaster) : 0) - cpuBefore.postgresql) * 1000) /
          acknowledgedInPhase,
      ),
    };
    // Broadcasts still on their way from the workers' observers.
    await sleep(1_000);
    measuring = false;
    activeDriver.measure(false);
    const latencies: number[] = [];
    for (const [threadId, send] of sends) {
      const other = (seen.get(threadId) ?? []).filter((sighting) => sighting.app !== send.app);
      if (other.length > 0)
        latencies.push(Math.min(...other.map((sighting) => sighting.at)) - send.at);
    }
    sends.clear();
    seen.clear();
    const sortedLatencies = [...latencies].sort((a, b) => a - b);
    const sortedAcks = [...ackLatencies].sort((a, b) => a - b);
    const steady: SoakResults["steady"] = {
      sent,
      acknowledged: acknowledged.size,
      errors: { ...errors },
      latencyMs: {
        p50: percentile(sortedLatencies, 50),
        p99: percentile(sortedLatencies, 99),
        max: sortedLatencies.at(-1) ?? 0,
        samples: sortedLatencies.length,
      },
      ackMs: {
        p50: percentile(sortedAcks, 50),
        p99: percentile(sortedAcks, 99),
        max: sortedAcks.at(-1) ?? 0,
        samples: sortedAcks.length,
      },
      cpuMsPerCommand,
      rssMb: rss.map((entry) => ({
        ...entry,
        maxMb: Math.max(entry.maxMb, entry.startMb),
        growthMb: Math.max(entry.maxMb, entry.startMb) - entry.startMb,
      })),
    };
    log(`phase 1 done: ${JSON.stringify(steady)}`);

    // Phase 2: SIGKILL a process several times under a higher rate. Each round fires at the
    // kill rate for `secondsBetweenKills`, kills, and keeps firing for `killBurstSeconds`; then
    // no new command until the killed process is back and the moved clients have rejoined (the
    // retries still run). Firing all along the rejoins and restarts (70–300 s each at the issue
    // size on the shared machine) grew each document by 1,000+ threads, and every later join is
    // a full sync of a bigger document (docs/operations.md, "Soak").
    log(
      `phase 2: ${size.kills} SIGKILLs during ${size.killRate} commands/s (${size.secondsBetweenKills} s before each kill, ${size.killBurstSeconds} s after)`,
    );
    const killAcknowledgedBefore = new Set(acknowledged.keys());
    const errorsBeforeKills = Object.values(errors).reduce((a, b) => a + b, 0);
    const retriedBeforeKills = retried;
    let kills = 0;
    const rejoins: SoakResults["kills"]["rejoins"] = [];
    const onlineSamples: number[] = [];
    let onlinePartial = 0;
    /** Asks the survivor who is online until `until` resolves (one call at a time). */
    async function sampleOnline(app: AppProcess, until: Promise<unknown>): Promise<void> {
      let done = false;
      void until.finally(() => (done = true)).catch(() => undefined);
      const member = fixture.members[0] as Member;
      while (!done) {
        const begin = performance.now();
        const response = await fetch(`${app.url}/api/groups/${fixture.groupId}/online`, {
          headers: { cookie: member.cookie },
        }).catch(() => undefined);
        if (response?.ok) {
          onlineSamples.push(Math.round(performance.now() - begin));
          const body = (await response.json()) as { partial?: boolean };
          if (body.partial) onlinePartial += 1;
        }
        await sleep(250);
      }
    }
    const killProgress = setInterval(
      () => log(`  ${acknowledged.size} acknowledged, ${driverRss()}`),
      10_000,
    );
    let killFiring = true;
    await load(size.killRate, 0, {
      retryFor: 120_000,
      firing: () => killFiring,
      during: async () => {
        for (let round = 0; round < size.kills; round++) {
          killFiring = true;
          await sleep(size.secondsBetweenKills * 1000);
          const victimIndex = round % 2;
          const victim = apps[victimIndex] as AppProcess;
          const survivor = apps[1 - victimIndex] as AppProcess;
          await stopApp(victim, "SIGKILL");
          kills += 1;
          const burst = sleep(size.killBurstSeconds * 1000).then(() => (killFiring = false));
          log(
            `  killed ${victim.name} (${acknowledged.size} acknowledged so far); clients move to ${survivor.name}`,
          );
          const moved = await activeDriver.drop(victim.name);
          const restart = startApp(victim.name, appEnv);
          // Awaited below; a failed start must not be an unhandled rejection meanwhile.
          restart.catch(() => undefined);
          const sampling = sampleOnline(survivor, restart);
          const rejoinStart = performance.now();
          await activeDriver.connect(moved.map((member) => ({ member, app: ref(survivor) })));
          const seconds = (performance.now() - rejoinStart) / 1000;
          rejoins.push({
            clients: moved.length,
            seconds: Math.round(seconds * 10) / 10,
            joinsPerSecond: Math.round(moved.length / seconds),
          });
          log(`  ${moved.length} clients joined ${survivor.name} in ${seconds.toFixed(1)} s`);
          const restarted = await restart;
          await sampling;
          apps[victimIndex] = restarted;
          log(`  ${victim.name} restarted at ${restarted.url}`);
          await burst;
        }
        await sleep(1_000);
      },
    });
    clearInterval(killProgress);
    const sortedOnline = [...onlineSamples].sort((a, b) => a - b);
    const killAcknowledged = [...acknowledged.values()].filter(
      (entry) => !killAcknowledgedBefore.has(entry.threadId),
    );
    const killCheck = await checkStored(databaseUrl, killAcknowledged);
    const inDocuments = await checkDocuments(apps[0] as AppProcess, fixture, killAcknowledged);
    const killResults: SoakResults["kills"] = {
      kills,
      sent: sent - steady.sent,
      acknowledged: killAcknowledged.length,
      ...killCheck,
      missingInDocuments: inDocuments.missing,
      duplicatedInDocuments: inDocuments.duplicated,
      retried: retried - retriedBeforeKills,
      gaveUp: Object.values(errors).reduce((a, b) => a + b, 0) - errorsBeforeKills,
      threadsPerDocument: Math.round(acknowledged.size / fixture.docs.length),
      rejoins,
      onlineMs: {
        p50: percentile(sortedOnline, 50),
        p99: percentile(sortedOnline, 99),
        max: sortedOnline.at(-1) ?? 0,
        samples: sortedOnline.length,
        partial: onlinePartial,
      },
    };
    log(`phase 2 done: ${JSON.stringify(killResults)}`);

    // Observers on killed processes are gone; the reconnect phase uses fresh ones.
    await activeDriver.retireObservers();

    // Phase 3: PostgreSQL and Redis stopped and started again.
    log(
      `phase 3: PostgreSQL and Redis stopped for ${size.outageSeconds} s under ${size.outageRate} commands/s`,
    );
    const outageBefore = new Set(acknowledged.keys());
    // Judged by the workers' timestamps, not by when their messages reach the coordinator.
    const window = { downFrom: Infinity, stoppedAt: Infinity, upAt: Infinity };
    let refusedWhileDown = 0;
    const refusalCodes: Record<string, number> = {};
    const pidsBefore = apps.map((app) => app.child.pid);
    await load(size.outageRate, 0, {
      retryFor: 90_000,
      onRefusal: (code, at) => {
        if (at < window.downFrom || at >= window.upAt) return;
        refusedWhileDown += 1;
        refusalCodes[code] = (refusalCodes[code] ?? 0) + 1;
      },
      during: async () => {
        await sleep(2_000);
        window.downFrom = Date.now();
        await database?.stop();
        if (redis) await stopRedis(redis);
        window.stoppedAt = Date.now();
        log("  PostgreSQL and Redis stopped");
        await sleep(size.outageSeconds * 1000);
        window.upAt = Date.now();
        database = await startEmbeddedPostgres({ dataDir: dbDir, port: databasePort });
        redis = await startRedis(redisPort);
        log("  PostgreSQL and Redis started again");
        await waitFor(
          async () => {
            for (const app of apps) {
              const response = await fetch(`${app.url}/api/health`).catch(() => undefined);
              if (response?.status !== 200) return false;
            }
            return true;
          },
          60_000,
          "both processes healthy again",
        );
        await sleep(2_000);
      },
    });
    const outageAcknowledged = [...acknowledged.values()].filter(
      (entry) => !outageBefore.has(entry.threadId),
    );
    const outageCheck = await checkStored(databaseUrl, outageAcknowledged);
    const outage: SoakResults["outage"] = {
      acknowledgedWhileDown: outageAcknowledged.filter(
        (entry) => entry.ackedAt >= window.stoppedAt && entry.ackedAt < window.upAt,
      ).length,
      refusedWhileDown,
      refusalCodes,
      acknowledged: outageAcknowledged.length,
      ...outageCheck,
      recoveredWithoutRestart: apps.every(
        (app, index) => app.child.pid === pidsBefore[index] && app.child.exitCode === null,
      ),
    };
    log(`phase 3 done: ${JSON.stringify(outage)}`);

    // Phase 4: every client dropped at once, comments written meanwhile, all back at once.
    log(`phase 4: ${fixture.members.length} clients dropped and reconnected at once`);
    const dropped = await activeDriver.disconnectAll();
    const writers = await Promise.all(
      fixture.docs.map((doc, index) =>
        connect({ ...(fixture.members[index] as Member), doc }, apps[index % 2] as AppProcess),
      ),
    );
    const writtenWhileAway: { threadId: string; doc: string }[] = [];
    for (const [index, writer] of writers.entries()) {
      const doc = fixture.docs[index] ?? "";
      for (let i = 0; i < 5; i++) {
        const threadId = randomUUID();
        const ack = await writer.command(doc, "comment.create", {
          threadId,
          messageId: randomUUID(),
          anchor: anchorFor(
            fixture.chapterOf.get(doc) ?? "",
            fixture.paragraphOf.get(doc) ?? "",
            PARAGRAPH_QUOTE,
          ),
          body: `while away ${threadId}`,
        });
        if (ack.ok) writtenWhileAway.push({ threadId, doc });
      }
    }
    for (const writer of writers) retire(writer);
    const reconnectStart = Date.now();
    // Whose CPU the storm costs: the app processes' (handshakes, joins, full states sent) or the
    // driver's (500 replicas applying them on 2 shared cores).
    const cpuAtReconnect = {
      apps: apps.reduce((sum, app) => sum + cpuSeconds(app.child.pid ?? 0), 0),
      driver: activeDriver.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    };
    const reconnected = await activeDriver.reconnectAll();
    const reconnectSeconds = (Date.now() - reconnectStart) / 1000;
    const reconnectCpu = {
      apps:
        Math.round(
          (apps.reduce((sum, app) => sum + cpuSeconds(app.child.pid ?? 0), 0) -
            cpuAtReconnect.apps) *
            10,
        ) / 10,
      driver:
        Math.round(
          (activeDriver.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0) -
            cpuAtReconnect.driver) *
            10,
        ) / 10,
    };
    const clientSeconds = [...reconnected.seconds].sort((a, b) => a - b);
    const truth: Record<string, Uint8Array> = {};
    for (const [index, doc] of fixture.docs.entries()) {
      const reader = await connect(
        { ...(fixture.members[index] as Member), doc },
        apps[0] as AppProcess,
      );
      await waitFor(() => reader.docOf(doc).getMap("threads").size > 0, 10_000, "reader state");
      truth[doc] = Y.encodeStateVector(reader.docOf(doc));
      retire(reader);
    }
    const convergence = await activeDriver.converge(truth, writtenWhileAway, 60_000);
    const reconnect: SoakResults["reconnect"] = {
      clients: dropped.length,
      writtenWhileAway: writtenWhileAway.length,
      converged: convergence.converged,
      notConverged: dropped.length - convergence.converged,
      missing: convergence.missing,
      reconnectSeconds,
      connectRetries: reconnected.connectRetries,
      notReconnected: reconnected.failed,
      droppedAgain: convergence.droppedAgain,
      clientSeconds: {
        p50: Math.round(percentile(clientSeconds, 50) * 10) / 10,
        p99: Math.round(percentile(clientSeconds, 99) * 10) / 10,
      },
      cpuSeconds: reconnectCpu,
    };
    log(`phase 4 done: ${JSON.stringify(reconnect)}`);

    activeDriver.sample();
    return {
      size,
      steady,
      kills: killResults,
      outage,
      reconnect,
      driver: {
        processes: size.workers + 1,
        ...activeDriver.memory,
        openClients: activeDriver.openClients() + clients.size,
      },
      warnings: countWarnings(),
      seconds: Math.round((Date.now() - startedAt) / 1000),
    };
  } catch (error) {
    // What the processes said is what explains a failed run.
    for (const app of apps)
      log(`${app.name}'s output (last 4000 characters):\n${app.output().slice(-4000)}`);
    throw error;
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    if (process.env.SOAK_DEBUG)
      for (const [index, app] of started.entries()) {
        const file = path.join(os.tmpdir(), `soak-${app.name}-${index}.log`);
        writeFileSync(file, app.output());
        log(`${app.name}'s output written to ${file}`);
      }
    for (const client of clients) client.close();
    await driver?.stop();
    await Promise.all(apps.map((app) => stopApp(app)));
    // Processes still starting (a restart that failed) are not in `apps`.
    for (const child of spawned)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    spawned.clear();
    if (redis) await stopRedis(redis);
    await database?.stop().catch(() => undefined);
    rmSync(dbDir, { recursive: true, force: true });
  }
}

/** Each acknowledged comment is one row, exactly (by thread id). */
async function checkStored(
  url: string,
  acknowledged: { threadId: string }[],
): Promise<{ missingRows: number; duplicateRows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ threadId: string; count: string }>(
      `SELECT "threadId", count(*)::text AS count FROM "Comment" WHERE "threadId" = ANY($1::text[]) GROUP BY "threadId"`,
      [acknowledged.map((entry) => entry.threadId)],
    );
    const counts = new Map(rows.map((row) => [row.threadId, Number(row.count)]));
    return {
      missingRows: acknowledged.filter((entry) => !counts.has(entry.threadId)).length,
      duplicateRows: [...counts.values()].filter((count) => count !== 1).length,
    };
  } finally {
    await client.end();
  }
}

/** Each acknowledged comment is in its document once (a fresh client's view of it). */
async function checkDocuments(
  app: AppProcess,
  fixture: Fixture,
  acknowledged: { threadId: string; doc: string; body: string }[],
): Promise<{ missing: number; duplicated: number }> {
  let missing = 0;
  let duplicated = 0;
  for (const [index, doc] of fixture.docs.entries()) {
    const member = fixture.members[index] as Member;
    const reader = new CollabClient(app.url, member.cookie);
    try {
      await reader.connected();
      await reader.join(doc);
      const expected = acknowledged.filter((entry) => entry.doc === doc);
      // Looked up in the Y.Map itself: threads() is the whole map as JSON, and once per entry
      // and poll it made this check quadratic (minutes for documents of ~1,500 threads).
      const map = reader.docOf(doc).getMap("threads");
      await waitFor(
        () => expected.every((entry) => map.has(entry.threadId)),
        15_000,
        "acknowledged threads in the document",
      ).catch(() => undefined);
      const threads = reader.threads(doc);
      for (const entry of expected) {
        const thread = threads[entry.threadId];
        if (!thread) missing += 1;
        else if (thread.messages.filter((message) => message.body === entry.body).length !== 1)
          duplicated += 1;
      }
    } finally {
      reader.close();
      for (const replica of reader.docs.values()) replica.destroy();
    }
  }
  return { missing, duplicated };
}
