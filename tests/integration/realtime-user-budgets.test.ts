import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import type * as awarenessProtocol from "y-protocols/awareness";
import { CollabClient, waitFor } from "@/tests/helpers/collab-client";
import type { Cast } from "@/tests/helpers/group-fixture";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

// Documents with no socket left are let go quickly, so the test can see memory come back.
const ctx = withServerAndFixture({ REALTIME_DOC_IDLE_MS: "300" });
const clients: CollabClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function open(role: keyof Cast["clients"]): CollabClient {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients[role].cookieHeader());
  clients.push(client);
  return client;
}

async function connect(role: keyof Cast["clients"]): Promise<CollabClient> {
  const client = open(role);
  await client.connected();
  return client;
}

/** The server process's resident memory, in MB (Linux /proc). */
function serverRssMb(): number {
  const status = readFileSync(`/proc/${ctx.server.process.pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/**
 * Health's round trip as curl measures it, in its own process: the test process runs the 40
 * flooding clients, and its own event loop must not be what is timed.
 */
function healthRoundTripMs(): Promise<number> {
  return new Promise((resolve, reject) =>
    execFile(
      "curl",
      ["-s", "-o", "/dev/null", "-w", "%{time_total}", `${ctx.server.url}/api/health`],
      (error, stdout) =>
        error ? reject(new Error(error.message)) : resolve(Math.round(Number(stdout) * 1000)),
    ),
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

type Health = { realtime?: { documents: number; connections: number } };

async function health(): Promise<{ ms: number; body: Health }> {
  const started = performance.now();
  const response = await new HttpClient(ctx.server.url).request("/api/health");
  const body = (await response.json()) as Health;
  return { ms: Math.round(performance.now() - started), body };
}

/** One awareness frame naming `clientIds` (each with a state about `userId`). */
function awarenessFrame(clientIds: number[], userId: string, clock = 1): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, clientIds.length);
  for (const id of clientIds) {
    encoding.writeVarUint(update, id);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify({ user: { id: userId, name: "x" } }));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

function peerStates(client: CollabClient, doc: string): number {
  const awareness = client.awareness.get(doc) as awarenessProtocol.Awareness;
  return [...awareness.getStates().keys()].filter((id) => id !== awareness.clientID).length;
}

describe("per-user budgets on the realtime server", () => {
  it("200 sockets of one user: only the first 20 connect, the rest are refused with a clear error", async () => {
    const attempts = Array.from({ length: 200 }, () => open("outsider"));
    const results = await Promise.allSettled(attempts.map((client) => client.connected()));
    const connected = results.filter((result) => result.status === "fulfilled").length;
    const refusals = results.flatMap((result) =>
      result.status === "rejected"
        ? [result.reason as Error & { data?: { message?: string } }]
        : [],
    );
    console.log(`[budgets] 200 sockets of one user: ${connected} connected`);
    expect(connected).toBe(20);
    expect(refusals).toHaveLength(180);
    expect(refusals[0]?.message).toBe("too_many_connections");
    expect(refusals[0]?.data?.message).toMatch(/At most 20 connections per account/);

    // Closing one frees its slot for a new socket.
    attempts.find((client) => client.socket.connected)?.close();
    await waitFor(
      async () => {
        const again = open("outsider");
        return again.connected().then(
          () => true,
          () => false,
        );
      },
      5000,
      "a freed slot",
    );
  });

  it("20 sockets of one user share one command budget (60 per 10 s)", async () => {
    const doc = `chapter:${ctx.fixture.chapterId}`;
    const sockets = await Promise.all(Array.from({ length: 20 }, () => connect("owner")));
    await Promise.all(sockets.map((socket) => socket.join(doc)));
    // 10 per socket stays far below each socket's own limit: only the user's budget can refuse.
    const acks = await Promise.all(
      sockets.flatMap((socket) =>
        Array.from({ length: 10 }, () =>
          socket.command(doc, "thread.resolve", { threadId: `missing-${randomUUID()}` }),
        ),
      ),
    );
    const ran = acks.filter((ack) => ack.error !== "rate_limited").length;
    const limited = acks.filter((ack) => ack.error === "rate_limited");
    console.log(`[budgets] 20 sockets × 10 commands: ${ran} ran, ${limited.length} rate_limited`);
    expect(ran).toBeLessThanOrEqual(60);
    expect(ran).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThanOrEqual(140);
    expect(String(limited[0]?.message)).toMatch(/Too many requests; try again in \d+ s/);
  });

  it("an awareness flood of 4,001 client ids leaves at most 4 presence states at a peer", async () => {
    const doc = `session:${ctx.fixture.sessionId}`;
    const flooder = await connect("member");
    const peer = await connect("moderator");
    expect((await flooder.join(doc)).ok).toBe(true);
    expect((await peer.join(doc)).ok).toBe(true);
    const userId = ctx.cast.users.member.id;
    const acks: { ok: boolean; error?: unknown }[] = [];
    // 16 ids per frame (the frame limit), 250 frames: 4,000 ids, then one more.
    for (let batch = 0; batch < 25; batch++) {
      const frames = Array.from({ length: 10 }, (_, i) => {
        const first = 1_000 + (batch * 10 + i) * 16;
        return awarenessFrame(
          Array.from({ length: 16 }, (_, k) => first + k),
          userId,
        );
      });
      acks.push(...(await Promise.all(frames.map((frame) => flooder.sendRaw(doc, frame)))));
    }
    acks.push(await flooder.sendRaw(doc, awarenessFrame([1], userId)));
    // One id at a time: the first 4 are relayed, then the socket's budget refuses more.
    for (let id = 2; id <= 6; id++)
      acks.push(await flooder.sendRaw(doc, awarenessFrame([id], userId)));
    await waitFor(() => peerStates(peer, doc) >= 4, 5000, "the allowed presence states");
    await new Promise((resolve) => setTimeout(resolve, 300));
    console.log(`[budgets] awareness flood: ${peerStates(peer, doc)} presence states at the peer`);
    expect(peerStates(peer, doc)).toBe(4);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(4);
    expect(acks.filter((ack) => ack.error === "presence_limit").length).toBe(acks.length - 4);
    expect(
      flooder.errors.some((error) => /presence states per connection/.test(error.message)),
    ).toBe(true);

    // Over several sockets the user still holds at most 8 ids in the document.
    const more = await Promise.all([connect("member"), connect("member")]);
    for (const [index, socket] of more.entries()) {
      expect((await socket.join(doc)).ok).toBe(true);
      for (let k = 0; k < 4; k++)
        await socket.sendRaw(doc, awarenessFrame([50_000 + index * 10 + k], userId));
    }
    await waitFor(() => peerStates(peer, doc) >= 8, 5000, "8 presence states");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(peerStates(peer, doc)).toBe(8);
    expect(more[1]?.errors.some((error) => /per account/.test(error.message))).toBe(true);
  });

  it("40 sockets making 10,000 document lookups: health stays fast, documents are let go, memory is bounded", async () => {
    const { chapterId, sessionId, groupId } = ctx.fixture;
    const known = [
      `chapter:${chapterId}`,
      `notes:${chapterId}`,
      `session:${sessionId}`,
      `session-notes:${sessionId}`,
    ];
    // The first request of a route loads its module: not what is measured here.
    await health();
    const quiet: number[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await healthRoundTripMs());
    const before = serverRssMb();
    const sockets = await Promise.all([
      ...Array.from({ length: 20 }, () => connect("member")),
      ...Array.from({ length: 20 }, () => connect("moderator")),
    ]);
    const outcomes = new Map<string, number>();
    let sent = 0;
    const healthTimes: number[] = [];
    let flooding = true;
    const probe = (async () => {
      while (flooding) {
        healthTimes.push(await healthRoundTripMs());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await Promise.all(
      sockets.map(async (socket, index) => {
        // 250 lookups per socket, 10 at a time (below the in-flight cap): unknown documents,
        // another group's names, and the group's own documents.
        for (let batch = 0; batch < 25 && socket.socket.connected; batch++) {
          const names = Array.from({ length: 10 }, (_, i) => {
            const n = batch * 10 + i;
            if (n % 5 === 0) return known[(n / 5 + index) % known.length] as string;
            if (n % 5 === 1) return `chapter:${groupId}-${n}`;
            return `chapter:${randomUUID()}`;
          });
          sent += names.length;
          const acks = await Promise.all(
            names.map((name) =>
              socket
                .join(name)
                .then((ack) => (typeof ack.error === "string" ? ack.error : "ok"))
                .catch(() => "dropped"),
            ),
          );
          for (const outcome of acks) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
      }),
    );
    flooding = false;
    await probe;
    const during = serverRssMb();
    for (const socket of sockets) socket.close();
    await waitFor(
      async () => (await health()).body.realtime?.documents === 0,
      10_000,
      "documents let go",
    );
    const after = serverRssMb();
    const slowest = Math.max(...healthTimes);
    const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    console.log(
      `[budgets] lookup flood of 10,000 planned: ${sent} sent before the server dropped the flooding sockets, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; ` +
        `health round trip (curl) quiet median ${median(quiet)} ms, during the flood median ` +
        `${median(healthTimes)} ms, slowest ${slowest} ms over ${healthTimes.length} probes ` +
        `(machine load average ${load}); ` +
        `server RSS before ${before} MB, during ${during} MB, after ${after} MB`,
    );
    expect(sent).toBeGreaterThan(1_000);
    expect(outcomes.get("rate_limited") ?? 0).toBeGreaterThan(0);
    // Loose on purpose: the machine is shared; the issue measured 1.4–2.4 s on every probe.
    expect(median(healthTimes)).toBeLessThan(1_000);
    expect(after - before).toBeLessThan(100);
  });
});
