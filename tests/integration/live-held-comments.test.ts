/**
 * Hold until the session: a held comment is nowhere a member can read it (chapter document,
 * comment rows, anyone else's list) before its session starts, and is revealed exactly once at
 * the start by whichever of several processes gets there, through the command pipeline.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { anchorFor, type CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { TEST_SESSION_SECRET } from "@/tests/helpers/test-database";
import { withLiveContext, type LiveRole } from "@/tests/integration/live-test-context";

const { ctx, http, connect: connectAs } = withLiveContext();
type Role = LiveRole;

type Worker = { child: ChildProcess; url: string; ask: (line: string) => Promise<unknown> };
const workers: Worker[] = [];

/** Another app process (the realtime layer and the reveal job) on the same database. */
async function startWorker(): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/integration/live-reveal-worker.ts"],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: ctx.databaseUrl(),
        NEXTAUTH_SECRET: TEST_SESSION_SECRET,
        LOG_LEVEL: "warn",
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: ((value: unknown) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise<unknown>((resolve) => waiting.push(resolve));
  const { port } = (await next()) as { port: number };
  const worker: Worker = {
    child,
    url: `http://127.0.0.1:${port}`,
    ask: (line) => {
      const answer = next();
      child.stdin.write(`${line}\n`);
      return answer;
    },
  };
  workers.push(worker);
  return worker;
}

const connect = (url: string, role: Role) => connectAs(role, url);

const heldPath = () => `/api/sessions/${ctx.fixture.sessionId}/held-comments`;
/** The first words of each fixture paragraph: a quote must be the paragraph's own text. */
const QUOTES = ["Secret", "A second"];
const hold = (role: Role, body: string, paragraph = 0, quote = QUOTES[paragraph] ?? "") =>
  http(role).json(heldPath(), {
    method: "POST",
    json: {
      chapterId: ctx.fixture.chapterId,
      anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[paragraph] ?? "", quote),
      body,
    },
  });

async function startSessionIn(ms: number): Promise<Date> {
  const startsAt = new Date(Date.now() + ms);
  await db.discussionSession.update({
    where: { id: ctx.fixture.sessionId },
    data: { startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) },
  });
  return startsAt;
}

function bodiesIn(client: CollabClient): string[] {
  return Object.values(client.threads(`chapter:${ctx.fixture.chapterId}`)).flatMap((thread) =>
    thread.messages.map((message) => message.body),
  );
}

beforeAll(async () => {
  await Promise.all([startWorker(), startWorker()]);
});
afterAll(async () => {
  for (const worker of workers) {
    worker.child.stdin?.write("quit\n");
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.child.kill("SIGKILL");
        resolve(null);
      }, 5_000);
      worker.child.once("exit", () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
  }
});

describe("hold until the session", () => {
  it("POST held-comments keeps the body from everyone else until the start, then one process reveals it once, on time", async () => {
    const doc = `chapter:${ctx.fixture.chapterId}`;
    const startsAt = await startSessionIn(8_000);
    const body = `Held thought ${Date.now()}`;
    const created = await hold("member", body);
    expect(created.status).toBe(201);
    const heldComment = (created.body as { heldComment: { id: string; status: string } })
      .heldComment;
    expect(heldComment.status).toBe("held");

    // Before the start: not in the shared document, not in the comment rows, not listed to others.
    const [workerA, workerB] = workers as [Worker, Worker];
    const onA = await connect(workerA.url, "moderator");
    const onB = await connect(workerB.url, "owner");
    const onApp = await connect(ctx.server.url, "target");
    for (const client of [onA, onB, onApp]) expect((await client.join(doc)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const client of [onA, onB, onApp]) expect(bodiesIn(client)).not.toContain(body);
    expect(await db.comment.count({ where: { body } })).toBe(0);
    for (const role of ["owner", "moderator", "target"] as const) {
      const list = await http(role).json(heldPath());
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(body);
    }
    const mine = await ctx.cast.clients.member.json(heldPath());
    expect(
      (mine.body as { heldComments: { body: string }[] }).heldComments.map((h) => h.body),
    ).toContain(body);
    // An outsider cannot even tell the session exists.
    expect((await ctx.cast.clients.outsider.json(heldPath())).status).toBe(404);

    // Both processes run the reveal job; the comment appears once, at the start, for everyone.
    await Promise.all(workers.map((worker) => worker.ask("timer 1000")));
    await waitFor(
      () => [onA, onB, onApp].every((c) => bodiesIn(c).includes(body)),
      20_000,
      "reveal",
    );
    const seenAt = Date.now();
    expect(seenAt).toBeGreaterThanOrEqual(startsAt.getTime());
    expect(seenAt - startsAt.getTime()).toBeLessThan(2_500);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const client of [onA, onB, onApp])
      expect(bodiesIn(client).filter((b) => b === body)).toHaveLength(1);
    const rows = await db.comment.findMany({ where: { body }, select: { authorId: true } });
    expect(rows).toEqual([{ authorId: ctx.cast.users.member.id }]);
    expect(await db.processedCommand.count({ where: { id: heldComment.id } })).toBe(1);
    const after = await ctx.cast.clients.member.json(heldPath());
    expect(
      (after.body as { heldComments: { id: string; status: string }[] }).heldComments.find(
        (h) => h.id === heldComment.id,
      )?.status,
    ).toBe("revealed");
  });

  it("revealDueHeldComments run at the same moment on two processes reveals each comment exactly once", async () => {
    const doc = `chapter:${ctx.fixture.chapterId}`;
    await startSessionIn(60_000);
    const bodies = Array.from({ length: 12 }, (_, i) => `Concurrent held ${i} ${Date.now()}`);
    for (const [i, body] of bodies.entries())
      expect((await hold(i % 2 ? "member" : "target", body, i % 2)).status).toBe(201);
    const reader = await connect(ctx.server.url, "owner");
    await reader.join(doc);

    // Too early: nothing is claimed.
    const early = (await Promise.all(
      workers.map((worker) => worker.ask(`reveal ${new Date().toISOString()}`)),
    )) as { revealed: number }[];
    expect(early.reduce((sum, r) => sum + r.revealed, 0)).toBe(0);

    const at = new Date(Date.now() + 61_000).toISOString();
    const results = (await Promise.all(
      workers.flatMap((worker) => [worker.ask(`reveal ${at}`)]),
    )) as { revealed: number; failed: number }[];
    expect(results.reduce((sum, r) => sum + r.revealed, 0)).toBe(bodies.length);
    // Again, later: nothing left to reveal.
    const again = (await Promise.all(workers.map((worker) => worker.ask(`reveal ${at}`)))) as {
      revealed: number;
    }[];
    expect(again.reduce((sum, r) => sum + r.revealed, 0)).toBe(0);

    await waitFor(
      () => bodies.every((body) => bodiesIn(reader).includes(body)),
      10_000,
      "all revealed",
    );
    for (const body of bodies) expect(bodiesIn(reader).filter((b) => b === body)).toHaveLength(1);
    expect(await db.comment.count({ where: { body: { in: bodies } } })).toBe(bodies.length);
  });

  it("a held comment can be withdrawn before the start, not after; nobody else can withdraw it; a started session refuses new ones", async () => {
    await startSessionIn(60_000);
    const created = await hold("member", "Withdraw me");
    const id = (created.body as { heldComment: { id: string } }).heldComment.id;
    expect(
      (await ctx.cast.clients.owner.json(`${heldPath()}/${id}`, { method: "DELETE" })).status,
    ).toBe(404);
    expect(
      (await ctx.cast.clients.member.json(`${heldPath()}/${id}`, { method: "DELETE" })).status,
    ).toBe(204);
    expect(await db.heldComment.count({ where: { id } })).toBe(0);

    await startSessionIn(-1_000);
    const late = await hold("member", "Too late");
    expect(late.status).toBe(409);
    const bad = await ctx.cast.clients.member.json(heldPath(), {
      method: "POST",
      json: { chapterId: "not-a-session-chapter", anchor: anchorFor("x", "y"), body: "x" },
    });
    expect(bad.status).toBe(400);
  });

  it("a held comment must quote the paragraph's own text: a forged quote is refused at once, naming the field", async () => {
    await startSessionIn(60_000);
    const before = await db.heldComment.count();
    const forged = await hold("member", "Forged", 0, "The author plainly endorses tyranny.");
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain("anchor.exact");
    expect(await db.heldComment.count()).toBe(before);
  });
});
