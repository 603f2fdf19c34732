/**
 * `busy` is the server's state, not the sender's doing: a command refused with it must not spend
 * the account's command budget, or a member whose commands met a busy document would find their
 * retries refused as `rate_limited` (the in-memory budget was spent before the document's queue).
 * Real socket server in this process, real clients, real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import {
  seedChapter,
  seedMember,
  startInProcessRealtime,
  type InProcessRealtime,
} from "@/tests/helpers/in-process-realtime";
import { withTestDatabase } from "@/tests/helpers/test-database";

// Read when the server starts: one command waiting per document, six commands per account.
const BUDGET = 6;
process.env.REALTIME_DOC_QUEUE = "1";
process.env.REALTIME_USER_COMMANDS = String(BUDGET);
withTestDatabase();

let server: InProcessRealtime;
let writer: CollabClient;
let chapterId: string;
let paragraphId: string;

beforeAll(async () => {
  const seeded = await seedChapter("A group with a busy document");
  ({ chapterId, paragraphId } = seeded);
  const member = await seedMember(seeded.groupId, "Busy Writer");
  server = await startInProcessRealtime();
  writer = new CollabClient(server.url, member.cookie);
  await writer.connected();
  await writer.join(`chapter:${chapterId}`);
});

afterAll(async () => {
  writer?.close();
  await server?.close();
});

const comment = () => ({
  threadId: randomUUID(),
  messageId: randomUUID(),
  anchor: anchorFor(chapterId, paragraphId, "Secret"),
  body: "Said while the document was busy.",
});

describe("a command refused with busy", () => {
  it("costs no command budget: the account still stores its whole budget afterwards", async () => {
    const doc = `chapter:${chapterId}`;
    const burst = await Promise.all(
      Array.from({ length: BUDGET }, () => writer.command(doc, "comment.create", comment())),
    );
    const busy = burst.filter((ack) => ack.error === "busy").length;
    const stored = burst.filter((ack) => ack.ok).length;
    expect(busy).toBeGreaterThan(0);
    expect(stored + busy).toBe(BUDGET);
    // One at a time now (the document is free): the rest of the budget is there, then no more.
    const after = [];
    for (let i = 0; i < busy + 1; i++)
      after.push(await writer.command(doc, "comment.create", comment()));
    expect(after.slice(0, busy).every((ack) => ack.ok)).toBe(true);
    expect(after.at(-1)?.error).toBe("rate_limited");
    expect(
      await db.comment.count({ where: { body: { contains: "while the document was busy" } } }),
    ).toBe(BUDGET);
  });
});
