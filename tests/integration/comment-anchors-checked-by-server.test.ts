/**
 * Issue 15, must have 5 (and issue 12's "foreign paragraph ids in comment anchors"): the server
 * checks a new comment's quote against the paragraph and writes prefix and suffix itself.
 * Real server, real sockets, real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { CollabClient } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();
const sockets: CollabClient[] = [];

// An emoji (two UTF-16 units), then 31 letters: a 32-unit prefix of "then" starts between the
// emoji's two halves.
const EMOJI = `😀${"b".repeat(31)}then the passage we quote.`;
// Hebrew with niqqud (combining marks) and an Arabic phrase, right to left.
const RTL = "בְּרֵאשִׁית בָּרָא אֱלֹהִים — في البدء كان الكلمة، and after.";

let chapterId = "";
const paragraphs = { emoji: "", rtl: "" };

beforeAll(async () => {
  const { fixture } = ctx;
  const chapter = await db.chapter.create({
    data: { textId: fixture.textId, index: 50, title: "Unicode" },
  });
  chapterId = chapter.id;
  for (const [index, [key, text]] of (
    [
      ["emoji", EMOJI],
      ["rtl", RTL],
    ] as const
  ).entries()) {
    const paragraph = await db.paragraph.create({
      data: { chapterId, textId: fixture.textId, index, text },
    });
    paragraphs[key] = paragraph.id;
  }
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function member(): Promise<CollabClient> {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
  sockets.push(client);
  await client.connected();
  await client.join(`chapter:${chapterId}`);
  return client;
}

type TAck = {
  ok: boolean;
  error?: string;
  message?: string;
  thread?: { anchor: { exact: string; prefix: string; suffix: string } };
};

function create(
  client: CollabClient,
  anchor: Record<string, unknown>,
  body = "A comment.",
): Promise<TAck> {
  return client.command(`chapter:${chapterId}`, "comment.create", {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor: { chapterId, prefix: "", suffix: "", ...anchor },
    body,
  });
}

describe("comment anchors are checked by the server", () => {
  it("refuses a forged quote (text the paragraph does not hold there), naming exact", async () => {
    const client = await member();
    const forged = await create(client, {
      paragraphId: paragraphs.emoji,
      start: 0,
      end: 5000,
      exact: "The author plainly endorses tyranny.",
    });
    expect(forged).toMatchObject({ ok: false, error: "bad_request" });
    expect(forged.message).toMatch(/exact/);

    // The right length at a real position, other words: refused too.
    const wrongWords = await create(client, {
      paragraphId: paragraphs.emoji,
      start: 0,
      end: 5,
      exact: "bbbbb",
    });
    expect(wrongWords).toMatchObject({ ok: false, error: "bad_request" });
    expect(wrongWords.message).toMatch(/exact/);
    expect(await db.comment.count({ where: { chapterId } })).toBe(0);
  });

  it("accepts a passage whose 32-unit prefix would begin inside an emoji, and fills prefix/suffix itself", async () => {
    const client = await member();
    const start = EMOJI.indexOf("then");
    const exact = "then the passage";
    const ack = await create(client, {
      paragraphId: paragraphs.emoji,
      start,
      end: start + exact.length,
      exact,
      // The client's context is ignored.
      prefix: "made-up prefix",
      suffix: "made-up suffix",
    });
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    // 32 units back from `then` is the emoji's second half: the prefix starts after the emoji.
    expect(ack.thread?.anchor.prefix).toBe("b".repeat(31));
    expect(ack.thread?.anchor.suffix).toBe(" we quote.");
    const stored = await db.comment.findFirstOrThrow({
      where: { chapterId, paragraphId: paragraphs.emoji, isRoot: true },
    });
    expect(stored.quote).toBe(exact);

    // The emoji itself (and an emoji in the body) can be quoted and stored.
    const emojiStart = EMOJI.indexOf("😀");
    const onEmoji = await create(
      client,
      { paragraphId: paragraphs.emoji, start: emojiStart, end: emojiStart + 2, exact: "😀" },
      "Why 😀? 👍🏽",
    );
    expect(onEmoji, JSON.stringify(onEmoji)).toMatchObject({ ok: true });
    expect(onEmoji.thread?.anchor.prefix).toBe("");
    expect(onEmoji.thread?.anchor.suffix).toBe(EMOJI.slice(2, 34));
    // Half an emoji is not a quote.
    const half = await create(client, {
      paragraphId: paragraphs.emoji,
      start: emojiStart,
      end: emojiStart + 1,
      exact: "😀".slice(0, 1),
    });
    expect(half).toMatchObject({ ok: false, error: "bad_request" });
  });

  it("right-to-left text with combining marks round-trips in quote, prefix and body", async () => {
    const client = await member();
    const exact = "في البدء كان الكلمة";
    const start = RTL.indexOf(exact);
    const body = "הערה: בְּרֵאשִׁית ≠ « في البدء »";
    const ack = await create(
      client,
      { paragraphId: paragraphs.rtl, start, end: start + exact.length, exact },
      body,
    );
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    expect(ack.thread?.anchor.exact).toBe(exact);
    expect(ack.thread?.anchor.prefix).toBe(RTL.slice(Math.max(0, start - 32), start));
    const stored = await db.comment.findFirstOrThrow({
      where: { chapterId, paragraphId: paragraphs.rtl, isRoot: true },
    });
    expect(stored.quote).toBe(exact);
    expect(stored.body).toBe(body);
  });
});
