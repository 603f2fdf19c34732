/**
 * Issue 18.4: when another process dies, calls that ask every process (who is online) still
 * answer within 200 ms with what is known, saying `partial`; and a run that reloads documents
 * and writes from two processes leaves no warning floods in the log (Yjs client-id clash, pg's
 * "client.query() when the client is already executing a query").
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

/** The contract for a fan-out call when a process has died. */
const ANSWER_WITHIN_MS = 200;
// Documents are released quickly so the run reloads what this process wrote (the old cause of
// the Yjs warning).
const env = { REALTIME_DOC_IDLE_MS: "200" };
const ctx = withServerAndFixture(env);

type Online = {
  online: { userId: string; chapter: { id: string } | null }[];
  partial: boolean;
};

async function memberOn(server: TestServer): Promise<CollabClient> {
  const http = new HttpClient(server.url);
  const { member } = ctx.cast.users;
  expect((await http.signIn(member.email, member.password)).ok).toBe(true);
  const client = new CollabClient(server.url, http.cookieHeader());
  await client.connected();
  return client;
}

async function comment(client: CollabClient, doc: string) {
  const threadId = randomUUID();
  const ack = await client.command(doc, "comment.create", {
    threadId,
    messageId: randomUUID(),
    anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[0] ?? ""),
    body: `thought ${threadId}`,
  });
  expect(ack.ok).toBe(true);
}

async function timedOnline(): Promise<{ ms: number; body: Online }> {
  const started = performance.now();
  const { status, body } = await ctx.cast.clients.owner.json<Online>(
    `/api/groups/${ctx.fixture.groupId}/online`,
  );
  const ms = performance.now() - started;
  expect(status).toBe(200);
  return { ms, body };
}

const YJS_WARNING = "Changed the client-id";
const PG_WARNING = "already executing a query";

describe("another process dies", () => {
  it("writes and reloads on two processes leave no warning in either log", async () => {
    const doc = `chapter:${ctx.fixture.chapterId}`;
    const second = await startTestServer({ databaseUrl: ctx.databaseUrl(), env });
    try {
      for (const server of [ctx.server, second, ctx.server, second]) {
        const client = await memberOn(server);
        expect((await client.join(doc)).ok).toBe(true);
        await comment(client, doc);
        client.close();
        // Released, so the next round loads it again from the store.
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
    } finally {
      await second.stop();
    }
    for (const output of [ctx.server.output(), second.output()]) {
      expect(output).not.toContain(YJS_WARNING);
      expect(output).not.toContain(PG_WARNING);
    }
  });

  it(`who is online answers within ${ANSWER_WITHIN_MS} ms after SIGKILL of the other process, marked partial`, async () => {
    const second = await startTestServer({ databaseUrl: ctx.databaseUrl(), env });
    const onSecond = await memberOn(second);
    try {
      expect((await onSecond.join(`chapter:${ctx.fixture.chapterId}`)).ok).toBe(true);
      await waitFor(
        async () => {
          const { body } = await timedOnline();
          return body.online.some((entry) => entry.userId === ctx.cast.users.member.id);
        },
        15_000,
        "the member on process two is seen from process one",
      );
      // Both up: complete answers (on a machine so loaded that the other process misses the
      // 120 ms bound, an answer says partial rather than waiting; one complete answer suffices).
      const healthyTimings: number[] = [];
      await waitFor(
        async () => {
          const healthy = await timedOnline();
          healthyTimings.push(Math.round(healthy.ms));
          return !healthy.body.partial;
        },
        15_000,
        "a complete answer while both processes are up",
      );
      console.log(
        `[outage] online with both processes up, ms per call: ${healthyTimings.join(", ")}`,
      );

      await second.kill("SIGKILL");
      // The adapter counts the dead process for its heartbeat timeout (10 s): every call in
      // that window used to wait 2 s for it.
      const timings: number[] = [];
      const answers: Online[] = [];
      for (let call = 0; call < 10; call++) {
        const { ms, body } = await timedOnline();
        timings.push(Math.round(ms));
        answers.push(body);
      }
      console.log(`[outage] online after SIGKILL, ms per call: ${timings.join(", ")}`);
      expect(answers[0]?.partial).toBe(true);
      // What is known: the member's socket died with its process.
      expect(
        answers.every((body) => !body.online.some((e) => e.userId === ctx.cast.users.member.id)),
      ).toBe(true);
      const health = await ctx.cast.clients.owner.json<{ status: string }>("/api/health");
      expect(health.body.status).toBe("ok");
      // The contract, measured end to end (HTTP included); it used to be 2 s per call. The median
      // of the ten calls: a single call on a loaded 2-core CI machine can lose a few ms to others.
      const median = [...timings].sort((a, b) => a - b)[Math.floor(timings.length / 2)] ?? 0;
      expect(median).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      onSecond.close();
      await second.stop();
    }
    expect(ctx.server.output()).not.toContain(YJS_WARNING);
    expect(ctx.server.output()).not.toContain(PG_WARNING);
  });
});
