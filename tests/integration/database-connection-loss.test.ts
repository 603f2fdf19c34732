/**
 * PostgreSQL ends every connection of the app (a restart, a failover, an administrator): the
 * process stays up, reports itself degraded until its realtime layer has reconnected (the
 * socket.io adapter and the event bus LISTEN on connections of their own), then catches up
 * with what it missed meanwhile. Runs alone in its file: it removes a member of the fixture.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

async function terminateAppConnections(): Promise<number> {
  const result = await getPool().query<{ terminated: boolean }>(
    `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND backend_type = 'client backend'`,
  );
  return result.rows.filter((row) => row.terminated).length;
}

async function joined(role: "owner" | "moderator" | "member", doc: string) {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients[role].cookieHeader());
  await client.connected();
  expect((await client.join(doc)).ok).toBe(true);
  return client;
}

it("the server survives PostgreSQL ending all its connections, resyncs, and comments flow again", async () => {
  const doc = `chapter:${ctx.fixture.chapterId}`;
  const writer = await joined("owner", doc);
  const reader = await joined("moderator", doc);
  const removedMember = await joined("member", doc);

  // The adapter's and the event bus's LISTEN connections are among those ended.
  expect(await terminateAppConnections()).toBeGreaterThanOrEqual(2);
  // Announced while the event bus is away: only the resync after reconnecting can act on it.
  const removed = await ctx.cast.clients.owner.request(
    `/api/groups/${ctx.fixture.groupId}/members/${ctx.cast.users.member.id}`,
    { method: "DELETE" },
  );
  expect(removed.status).toBe(204);
  expect(ctx.server.process.exitCode).toBeNull();
  expect(ctx.server.process.signalCode).toBeNull();

  await waitFor(
    async () => (await fetch(`${ctx.server.url}/api/health`)).status === 200,
    15_000,
    "health (database and event bus) after the connections were ended",
  );
  await waitFor(
    () => removedMember.errors.some((error) => error.doc === doc && error.code === "forbidden"),
    10_000,
    "the removed member losing the document",
  );

  const body = `After the outage ${randomUUID()}`;
  const ack = await writer.command(doc, "comment.create", {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[0] ?? "", "Secret"),
    body,
  });
  expect(ack.ok).toBe(true);
  await waitFor(
    () => JSON.stringify(reader.threads(doc)).includes(body),
    10_000,
    "the comment reaching the other member",
  );
  expect(JSON.stringify(removedMember.threads(doc))).not.toContain(body);
  expect(ctx.server.output()).not.toMatch(/uncaught|unhandled/i);
  for (const client of [writer, reader, removedMember]) client.close();
});
