/**
 * Margin comments on the server side: notifications, counts, search, the Comments view, export
 * and import, flags and moderation. A real server, real sockets (CollabClient), real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { commentCountsByChapter } from "@/lib/annotations/comment-counts";
import { afterCommentCommand } from "@/lib/annotations/comment-notifications";
import type { TCommentCommandResult } from "@/lib/annotations/comment-commands";
import { ZWebAnnotationCollection } from "@/lib/annotations/export/web-annotation-schema";
import { db } from "@/lib/db/prisma";
import { CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;
let targetClient: HttpClient;
const sockets: CollabClient[] = [];

type Role = "owner" | "moderator" | "member" | "outsider";

const PRIDE = [
  "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
  "However little known the feelings or views of such a man may be on his first entering a neighbourhood, this truth is so well fixed in the minds of the surrounding families, that he is considered as the rightful property of some one or other of their daughters.",
  "“My dear Mr. Bennet,” said his lady to him one day, “have you heard that Netherfield Park is let at last?”",
];
const SECOND = ["Mr. Bennet replied that he had not. “But it is,” returned she."];

type TextFixture = {
  textId: string;
  chapters: Array<{ id: string; paragraphs: Array<{ id: string; text: string }> }>;
};

async function makeText(groupId: string, title: string): Promise<TextFixture> {
  const text = await db.text.create({
    data: { groupId, title, sourceFormat: "txt", searchConfig: "english" },
  });
  const chapters: TextFixture["chapters"] = [];
  for (const [index, paragraphs] of [PRIDE, SECOND].entries()) {
    const chapter = await db.chapter.create({
      data: { textId: text.id, index, title: `Chapter ${index + 1}` },
    });
    const made: Array<{ id: string; text: string }> = [];
    for (const [position, body] of paragraphs.entries()) {
      const paragraph = await db.paragraph.create({
        data: { chapterId: chapter.id, textId: text.id, index: position, text: body },
      });
      made.push({ id: paragraph.id, text: body });
    }
    chapters.push({ id: chapter.id, paragraphs: made });
  }
  return { textId: text.id, chapters };
}

beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
  targetClient = new HttpClient(server.url);
  await targetClient.signIn(cast.users.target.email, cast.users.target.password);
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(async () => server?.stop());

async function connect(role: Role): Promise<CollabClient> {
  const client = new CollabClient(server.url, cast.clients[role].cookieHeader());
  sockets.push(client);
  await client.connected();
  return client;
}

/** A new thread on `exact` (found in the paragraph) through the real socket; returns the ack. */
async function comment(
  client: CollabClient,
  text: TextFixture,
  where: { chapter?: number; paragraph?: number; exact: string },
  body: string,
) {
  const chapter = text.chapters[where.chapter ?? 0];
  const paragraph = chapter?.paragraphs[where.paragraph ?? 0];
  if (!chapter || !paragraph) throw new Error("no such paragraph");
  const start = paragraph.text.indexOf(where.exact);
  if (start < 0) throw new Error(`quote not in paragraph: ${where.exact}`);
  const threadId = randomUUID();
  const messageId = randomUUID();
  const ack = await client.command(`chapter:${chapter.id}`, "comment.create", {
    threadId,
    messageId,
    anchor: {
      chapterId: chapter.id,
      paragraphId: paragraph.id,
      ...describeSelection(paragraph.text, start, start + where.exact.length),
    },
    body,
  });
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return {
    ack: ack as unknown as TCommentCommandResult,
    threadId,
    messageId,
    chapterId: chapter.id,
  };
}

async function reply(client: CollabClient, chapterId: string, threadId: string, body: string) {
  const messageId = randomUUID();
  const ack = await client.command(`chapter:${chapterId}`, "comment.reply", {
    threadId,
    messageId,
    body,
  });
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return { ack: ack as unknown as TCommentCommandResult, messageId };
}

const notificationsFor = (messageId: string) =>
  db.notification.findMany({
    where: { dedupeKey: { startsWith: `comment:${messageId}:` } },
    select: { userId: true, kind: true, payload: true },
    orderBy: { userId: "asc" },
  });

describe("notifications (afterCommentCommand)", () => {
  it("a reply tells the thread's author and earlier participants, never the actor, once each", async () => {
    const text = await makeText(fixture.groupId, "Notified");
    const owner = await connect("owner");
    const member = await connect("member");
    const moderator = await connect("moderator");
    const context = { groupId: fixture.groupId, textId: text.textId };
    const opened = await comment(owner, text, { exact: "universally" }, "Why universally?");
    const chapterId = opened.chapterId;
    await afterCommentCommand({
      ...context,
      chapterId,
      actorId: cast.users.owner.id,
      result: opened.ack,
    });
    // Nobody is assigned this chapter: a new thread alone notifies nobody.
    expect(await notificationsFor(opened.messageId)).toEqual([]);

    const first = await reply(member, chapterId, opened.threadId, "Because it is ironic.");
    await afterCommentCommand({
      ...context,
      chapterId,
      actorId: cast.users.member.id,
      result: first.ack,
    });
    expect((await notificationsFor(first.messageId)).map((n) => [n.userId, n.kind])).toEqual([
      [cast.users.owner.id, "comment.reply"],
    ]);

    const second = await reply(moderator, chapterId, opened.threadId, "Agreed with both of you.");
    const input = { ...context, chapterId, actorId: cast.users.moderator.id, result: second.ack };
    await afterCommentCommand(input);
    await afterCommentCommand(input); // a retried command
    const rows = await notificationsFor(second.messageId);
    expect(rows.map((n) => n.userId).sort()).toEqual(
      [cast.users.owner.id, cast.users.member.id].sort(),
    );
    expect(rows[0]?.payload).toMatchObject({
      groupId: fixture.groupId,
      textId: text.textId,
      chapterId,
      threadId: opened.threadId,
      messageId: second.messageId,
      actorName: (await db.user.findUniqueOrThrow({ where: { id: cast.users.moderator.id } })).name,
      excerpt: "Agreed with both of you.",
      url: `/groups/${fixture.groupId}/texts/${text.textId}/chapters/${chapterId}#thread-${opened.threadId}`,
    });
  });

  it("an @mention tells the member named (once, even when also a participant), not outsiders", async () => {
    const text = await makeText(fixture.groupId, "Mentioned");
    const member = await connect("member");
    const moderatorName = (
      await db.user.findUniqueOrThrow({ where: { id: cast.users.moderator.id } })
    ).name;
    const body = `Ask @[${moderatorName}](user:${cast.users.moderator.id}) and @[Nobody](user:${cast.users.outsider.id}) and me @[me](user:${cast.users.member.id})`;
    const opened = await comment(member, text, { exact: "single man" }, body);
    await afterCommentCommand({
      groupId: fixture.groupId,
      textId: text.textId,
      chapterId: opened.chapterId,
      actorId: cast.users.member.id,
      result: opened.ack,
    });
    const rows = await notificationsFor(opened.messageId);
    expect(rows.map((n) => [n.userId, n.kind])).toEqual([
      [cast.users.moderator.id, "comment.mention"],
    ]);
    expect((rows[0]?.payload as { excerpt: string }).excerpt).toContain(`Ask @${moderatorName}`);
  });

  it("a new thread on an assigned chapter tells the members assigned, not the author", async () => {
    const text = await makeText(fixture.groupId, "Assigned");
    const chapterId = text.chapters[0]?.id ?? "";
    await db.assignment.create({
      data: {
        groupId: fixture.groupId,
        chapterId,
        forEveryone: false,
        members: {
          create: [{ userId: cast.users.target.id }, { userId: cast.users.member.id }],
        },
      },
    });
    const member = await connect("member");
    const opened = await comment(member, text, { exact: "good fortune" }, "Money again.");
    const input = {
      groupId: fixture.groupId,
      textId: text.textId,
      chapterId,
      actorId: cast.users.member.id,
      result: opened.ack,
    };
    await afterCommentCommand(input);
    expect((await notificationsFor(opened.messageId)).map((n) => [n.userId, n.kind])).toEqual([
      [cast.users.target.id, "comment.assigned"],
    ]);
    // A reply on an assigned chapter is not a "new comment": only the participants hear of it.
    const answered = await reply(await connect("owner"), chapterId, opened.threadId, "Always.");
    await afterCommentCommand({ ...input, actorId: cast.users.owner.id, result: answered.ack });
    expect((await notificationsFor(answered.messageId)).map((n) => n.userId)).toEqual([
      cast.users.member.id,
    ]);
  });
});

describe("counts, search and the Comments view", () => {
  let text: TextFixture;
  let t1: Awaited<ReturnType<typeof comment>>;
  let t2: Awaited<ReturnType<typeof comment>>;
  let t3: Awaited<ReturnType<typeof comment>>;

  beforeAll(async () => {
    text = await makeText(fixture.groupId, "Viewed");
    const owner = new CollabClient(server.url, cast.clients.owner.cookieHeader());
    const member = new CollabClient(server.url, cast.clients.member.cookieHeader());
    const moderator = new CollabClient(server.url, cast.clients.moderator.cookieHeader());
    await Promise.all([owner.connected(), member.connected(), moderator.connected()]);
    t1 = await comment(
      owner,
      text,
      { exact: "truth universally" },
      "A **zephyrous lighthouse** of irony.",
    );
    await reply(member, t1.chapterId, t1.threadId, "Indeed.");
    expect(
      await owner.command(`chapter:${t1.chapterId}`, "thread.resolve", { threadId: t1.threadId }),
    ).toMatchObject({ ok: true });
    t2 = await comment(
      member,
      text,
      { paragraph: 1, exact: "rightful property" },
      "Property, not person.",
    );
    t3 = await comment(
      moderator,
      text,
      { chapter: 1, exact: "replied" },
      "He never answers directly.",
    );
    const gone = await comment(
      member,
      text,
      { paragraph: 2, exact: "Netherfield" },
      "vanished marmalade",
    );
    expect(
      await member.command(`chapter:${gone.chapterId}`, "comment.delete", {
        threadId: gone.threadId,
        messageId: gone.messageId,
      }),
    ).toMatchObject({ ok: true });
    for (const client of [owner, member, moderator]) client.close();
  });

  it("commentCountsByChapter counts visible threads, messages and open threads per chapter", async () => {
    const counts = await commentCountsByChapter(text.textId);
    expect(counts.get(text.chapters[0]?.id ?? "")).toEqual({ threads: 2, messages: 3, open: 1 });
    expect(counts.get(text.chapters[1]?.id ?? "")).toEqual({ threads: 1, messages: 1, open: 1 });
  });

  it("GET /api/groups/{groupId}/search/comments finds a phrase with a highlighted snippet, not deleted ones, not another group's", async () => {
    const other = await groupFixture(cast);
    const otherText = await makeText(other.groupId, "Elsewhere");
    const owner = await connect("owner");
    await comment(owner, otherText, { exact: "good fortune" }, "Another zephyrous lighthouse.");

    const found = await cast.clients.member.json<{ results: Array<Record<string, unknown>> }>(
      `/api/groups/${fixture.groupId}/search/comments?q=${encodeURIComponent("zephyrous lighthouse")}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.results.map((hit) => hit.messageId)).toEqual([t1.messageId]);
    expect(found.body.results[0]).toMatchObject({
      textId: text.textId,
      quote: "truth universally",
    });
    expect(String(found.body.results[0]?.url)).toContain(
      `#p-${text.chapters[0]?.paragraphs[0]?.id}`,
    );
    expect(String(found.body.results[0]?.snippetHtml)).toContain("<mark>zephyrous</mark>");

    const deleted = await cast.clients.member.json<{ results: unknown[] }>(
      `/api/groups/${fixture.groupId}/search/comments?q=marmalade`,
    );
    expect(deleted.body.results).toEqual([]);
    // Another group's text is refused (as the library search does), even for one of its members.
    const narrowed = await cast.clients.member.json<{ results: unknown[] }>(
      `/api/groups/${fixture.groupId}/search/comments?q=lighthouse&textId=${otherText.textId}`,
    );
    expect(narrowed.status).toBe(404);
    expect(JSON.stringify(narrowed.body)).not.toContain("zephyrous");
    const outsider = await cast.clients.outsider.json(
      `/api/groups/${fixture.groupId}/search/comments?q=lighthouse`,
    );
    expect(outsider.status).toBe(404);
    const empty = await cast.clients.member.json(
      `/api/groups/${fixture.groupId}/search/comments?q=`,
    );
    expect(empty.status).toBe(400);
  });

  it("GET /api/texts/{textId}/comments filters by chapter, author, status and mine", async () => {
    type Listed = {
      threads: Array<{ threadId: string; url: string; messages: Array<{ html: string | null }> }>;
    };
    const list = async (query: string, role: Role = "member") => {
      const response = await cast.clients[role].json<Listed>(
        `/api/texts/${text.textId}/comments${query}`,
      );
      expect(response.status).toBe(200);
      return response.body.threads.map((thread) => thread.threadId);
    };
    expect(await list("")).toEqual([t1.threadId, t2.threadId, t3.threadId]);
    expect(await list(`?chapterId=${text.chapters[1]?.id}`)).toEqual([t3.threadId]);
    expect(await list(`?authorId=${cast.users.member.id}`)).toEqual([t1.threadId, t2.threadId]);
    expect(await list("?status=resolved")).toEqual([t1.threadId]);
    expect(await list("?status=open&mine=1")).toEqual([t2.threadId]);
    expect(await list("?mine=1", "moderator")).toEqual([t3.threadId]);

    const all = await cast.clients.member.json<Listed>(`/api/texts/${text.textId}/comments`);
    const first = all.body.threads[0];
    expect(first?.messages[0]?.html).toContain("<strong>zephyrous lighthouse</strong>");
    expect(first?.url).toBe(
      `/groups/${fixture.groupId}/texts/${text.textId}/chapters/${text.chapters[0]?.id}#p-${text.chapters[0]?.paragraphs[0]?.id}`,
    );
    expect((await cast.clients.outsider.json(`/api/texts/${text.textId}/comments`)).status).toBe(
      404,
    );
    expect(
      (await cast.clients.member.json(`/api/texts/${text.textId}/comments?status=x`)).status,
    ).toBe(400);
  });

  it("the Comments page lists the threads for members", async () => {
    const page = await cast.clients.member.request(
      `/groups/${fixture.groupId}/texts/${text.textId}/comments?status=open`,
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Property, not person.");
    expect(html).not.toContain("zephyrous");
  });

  it("export: JSON-LD validates and round-trips through import into a copy of the text, twice without duplicates", async () => {
    const response = await cast.clients.member.request(
      `/api/texts/${text.textId}/annotations?format=jsonld`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".+\.jsonld"$/,
    );
    const exported = (await response.json()) as unknown;
    const collection = ZWebAnnotationCollection.parse(exported);
    expect(collection.total).toBe(4); // three threads and one reply; the deleted one is left out

    const markdown = await cast.clients.member.request(
      `/api/texts/${text.textId}/annotations?format=markdown`,
    );
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    const digest = await markdown.text();
    expect(digest).toContain("## Chapter 1");
    expect(digest).toContain("> truth universally");
    expect(digest).not.toContain("marmalade");

    const copy = await makeText(fixture.groupId, "Viewed (second copy)");
    const importPath = `/api/texts/${copy.textId}/annotations/import`;
    const denied = await cast.clients.member.json(importPath, { method: "POST", json: exported });
    expect(denied.status).toBe(403);
    const first = await cast.clients.moderator.json<Record<string, unknown>>(importPath, {
      method: "POST",
      json: exported,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      imported: 3,
      importedReplies: 1,
      alreadyImported: 0,
      unmatched: [],
    });
    const again = await cast.clients.moderator.json<Record<string, unknown>>(importPath, {
      method: "POST",
      json: exported,
    });
    expect(again.body).toMatchObject({ imported: 0, importedReplies: 0, alreadyImported: 4 });
    const rows = await db.comment.findMany({
      where: { textId: copy.textId },
      orderBy: [{ createdAt: "asc" }, { position: "asc" }],
    });
    expect(rows).toHaveLength(4);
    const placed = rows.find((row) => row.body.includes("zephyrous"));
    expect(placed).toMatchObject({
      quote: "truth universally",
      paragraphId: copy.chapters[0]?.paragraphs[0]?.id,
      authorId: cast.users.moderator.id,
    });
    // The body comes first (Markdown intact), the provenance as its own last paragraph.
    expect(placed?.body).toMatch(
      /^A \*\*zephyrous[\s\S]*\n\n_Imported from Web Annotation: owner [^,]*, \d{4}-\d{2}-\d{2}_$/,
    );
    expect(rows.find((row) => row.body.includes("never answers"))?.chapterId).toBe(
      copy.chapters[1]?.id,
    );
  });
});

describe("W3C export from one group, import into another group's copy of the text", () => {
  type Normalised = {
    chapter: number;
    paragraph: number;
    quote: { exact: string; prefix: string; suffix: string };
    position: { start: number; end: number };
    body: string;
    tags: string[];
    resolved: boolean;
    replies: string[];
  };
  const PROVENANCE = /\n*_Imported from Web Annotation: [^\n]*_$/;

  type Selector = {
    value: string;
    refinedBy: {
      type: string;
      exact?: string;
      prefix?: string;
      suffix?: string;
      start?: number;
      end?: number;
    };
  };
  type Item = {
    id: string;
    motivation: string;
    body?: { value: string; purpose?: string } | Array<{ value: string; purpose?: string }>;
    target: string | { source: string; selector: Selector[] };
  };

  /**
   * A collection as what a reader sees: threads by chapter and paragraph index (ids differ
   * between the copies), quote and position, opening body and replies without the import's
   * provenance line, tags and resolution.
   */
  function normalise(collection: { first: { items: Item[] } }, text: TextFixture): Normalised[] {
    const chapterIndex = (url: string) =>
      text.chapters.findIndex((chapter) => url.endsWith(`/chapters/${chapter.id}`));
    const paragraphIndex = (chapter: number, fragment: string) =>
      text.chapters[chapter]!.paragraphs.findIndex((p) => fragment === `p-${p.id}`);
    const bodies = (item: Item) =>
      Array.isArray(item.body) ? item.body : item.body ? [item.body] : [];
    const stripped = (value: string) => value.replace(PROVENANCE, "");
    const threads = new Map<string, Normalised>();
    for (const item of collection.first.items) {
      if (item.motivation !== "commenting" || typeof item.target === "string") continue;
      const chapter = chapterIndex(item.target.source);
      const [quoteSelector, positionSelector] = item.target.selector;
      const all = bodies(item);
      const tags = all.filter((body) => body.purpose === "tagging").map((body) => body.value);
      threads.set(item.id, {
        chapter,
        paragraph: paragraphIndex(chapter, quoteSelector!.value),
        quote: {
          exact: quoteSelector!.refinedBy.exact!,
          prefix: quoteSelector!.refinedBy.prefix ?? "",
          suffix: quoteSelector!.refinedBy.suffix ?? "",
        },
        position: {
          start: positionSelector!.refinedBy.start!,
          end: positionSelector!.refinedBy.end!,
        },
        body: stripped(all.find((body) => body.purpose !== "tagging")?.value ?? ""),
        tags: tags.filter((tag) => tag !== "resolved").sort(),
        resolved: tags.includes("resolved"),
        replies: [],
      });
    }
    for (const item of collection.first.items) {
      if (item.motivation !== "replying" || typeof item.target !== "string") continue;
      threads.get(item.target)?.replies.push(stripped(bodies(item)[0]?.value ?? ""));
    }
    return [...threads.values()].sort(
      (a, b) =>
        a.chapter - b.chapter || a.paragraph - b.paragraph || a.position.start - b.position.start,
    );
  }

  it("keeps threads, replies (also under a deleted opening), resolution, Markdown bodies and tags", async () => {
    const groupB = await groupFixture(cast);
    const source = await makeText(fixture.groupId, "Round trip (group A)");
    const copy = await makeText(groupB.groupId, "Round trip (group B)");
    const owner = await connect("owner");
    const member = await connect("member");

    const markdown =
      "- first point\n- second point with **bold**\n\n> a quoted line\n\n`code` and [a link](https://example.org)";
    const listed = await comment(owner, source, { exact: "truth universally" }, markdown);
    const tagged = await owner.command(`chapter:${source.chapters[0]!.id}`, "comment.create", {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: {
        chapterId: source.chapters[0]!.id,
        paragraphId: source.chapters[0]!.paragraphs[1]!.id,
        ...describeSelection(
          source.chapters[0]!.paragraphs[1]!.text,
          source.chapters[0]!.paragraphs[1]!.text.indexOf("rightful property"),
          source.chapters[0]!.paragraphs[1]!.text.indexOf("rightful property") +
            "rightful property".length,
        ),
      },
      body: "# Property\n\nA *heading* first.",
      tags: ["property", "marriage"],
    });
    expect(tagged, JSON.stringify(tagged)).toMatchObject({ ok: true });
    await reply(member, listed.chapterId, listed.threadId, "1. one\n2. two");
    await reply(owner, listed.chapterId, listed.threadId, "A second reply.");
    expect(
      await owner.command(`chapter:${listed.chapterId}`, "thread.resolve", {
        threadId: listed.threadId,
      }),
    ).toMatchObject({ ok: true });
    // A thread whose opening message was deleted, its replies still there.
    const orphaned = await comment(
      member,
      source,
      { chapter: 1, exact: "replied" },
      "to be deleted",
    );
    await reply(owner, orphaned.chapterId, orphaned.threadId, "The reply that stays.");
    await reply(member, orphaned.chapterId, orphaned.threadId, "And _another_ one.");
    expect(
      await member.command(`chapter:${orphaned.chapterId}`, "comment.delete", {
        threadId: orphaned.threadId,
        messageId: orphaned.messageId,
      }),
    ).toMatchObject({ ok: true });
    // Reactions have no place in the Web Annotation model: they are not exported.
    expect(
      await member.command(`chapter:${listed.chapterId}`, "reaction.toggle", {
        threadId: listed.threadId,
        messageId: listed.messageId,
        emoji: "👍",
      }),
    ).toMatchObject({ ok: true });

    const exportOf = async (textId: string) => {
      const response = await cast.clients.owner.request(
        `/api/texts/${textId}/annotations?format=jsonld`,
      );
      expect(response.status).toBe(200);
      return ZWebAnnotationCollection.parse(await response.json());
    };
    const exported = await exportOf(source.textId);
    expect(JSON.stringify(exported)).not.toContain("👍");
    const imported = await cast.clients.owner.json<Record<string, unknown>>(
      `/api/texts/${copy.textId}/annotations/import`,
      { method: "POST", json: exported },
    );
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({
      imported: 3,
      importedReplies: 4,
      alreadyImported: 0,
      unmatched: [],
    });

    const before = normalise(exported, source);
    const after = normalise(await exportOf(copy.textId), copy);
    expect(before).toHaveLength(3);
    expect(before.map((thread) => [thread.resolved, thread.tags, thread.replies.length])).toEqual([
      [true, [], 2],
      [false, ["marriage", "property"], 0],
      [false, [], 2],
    ]);
    expect(before[0]!.body).toBe(markdown);
    expect(before[2]!.body).toBe("");
    expect(after).toEqual(before);
    // Nothing landed in group A's text, and group B's rows belong to group B.
    const rows = await db.comment.findMany({ where: { textId: copy.textId } });
    expect(rows.every((row) => row.groupId === groupB.groupId)).toBe(true);
    // The opening deleted in group A is deleted in group B too, its replies kept.
    expect(rows.filter((row) => row.deleted).map((row) => [row.isRoot, row.body])).toEqual([
      [true, ""],
    ]);
    expect(await db.comment.count({ where: { textId: source.textId } })).toBe(7);
  });
});

describe("Hypothesis import", () => {
  it("POST /api/texts/{textId}/annotations/import places a Hypothesis export by quote, by JSON or upload", async () => {
    const text = await makeText(fixture.groupId, "Pride and Prejudice");
    const raw = readFileSync("tests/fixtures/annotations/hypothesis-pride.json", "utf8");
    const path = `/api/texts/${text.textId}/annotations/import`;
    const result = await cast.clients.owner.json<{
      imported: number;
      importedReplies: number;
      unmatched: Array<{ originalId: string; reason: string }>;
    }>(path, { method: "POST", json: JSON.parse(raw) as unknown });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ imported: 2, importedReplies: 1 });
    expect(result.body.unmatched.map((entry) => [entry.originalId, entry.reason]).sort()).toEqual([
      ["Pq1aX0fIEe-elsewhere001", "not-found"],
      ["Pq1aX0fIEe-pagenote0001", "no-quote"],
    ]);

    const member = await connect("member");
    const chapterDoc = `chapter:${text.chapters[0]?.id}`;
    await member.join(chapterDoc);
    await waitFor(
      () => Object.keys(member.threads(chapterDoc)).length === 2,
      5000,
      "imported threads",
    );
    const threads = Object.values(member.threads(chapterDoc)) as unknown as Array<{
      anchor: { paragraphId: string; exact: string };
      messages: Array<{ body: string }>;
    }>;
    const irony = threads.find(
      (thread) => thread.anchor.exact === "a truth universally acknowledged",
    );
    expect(irony?.anchor.paragraphId).toBe(text.chapters[0]?.paragraphs[0]?.id);
    expect(irony?.messages.map((message) => message.body)).toEqual([
      "Irony from the very first line: the *universally* does the work.\n\n_Imported from Hypothesis: Elizabeth, 2024-05-04_",
      "And the narrator is smiling while she says it.\n\n_Imported from Hypothesis: Fitzwilliam, 2024-05-04_",
    ]);
    const property = threads.find((thread) => thread.anchor.exact === "the rightful property");
    expect(property?.messages[0]?.body).toContain(
      "_Imported from Hypothesis: charlotte@hypothes.is, 2024-05-05_",
    );

    // The same file uploaded as a form adds nothing.
    const form = new FormData();
    form.set("file", new Blob([raw], { type: "application/json" }), "hypothesis.json");
    const uploaded = await cast.clients.owner.json<Record<string, unknown>>(path, {
      method: "POST",
      body: form,
    });
    expect(uploaded.body).toMatchObject({ imported: 0, importedReplies: 0, alreadyImported: 3 });
    expect(await db.comment.count({ where: { textId: text.textId } })).toBe(3);
  });

  it("refuses a file that is neither format, and an oversized body", async () => {
    const text = await makeText(fixture.groupId, "Refusing");
    const path = `/api/texts/${text.textId}/annotations/import`;
    const wrong = await cast.clients.owner.json(path, { method: "POST", json: { hello: "world" } });
    expect(wrong.status).toBe(422);
    // One bad entry does not refuse the file: it is listed with its reason.
    const mixed = await cast.clients.owner.json<{
      unmatched: Array<{ originalId: string; reason: string; message?: string }>;
    }>(path, { method: "POST", json: [{ nope: true }] });
    expect(mixed.status).toBe(200);
    expect(mixed.body.unmatched).toEqual([
      expect.objectContaining({ originalId: "entry 0", reason: "not-an-annotation" }),
    ]);
    const huge = await cast.clients.owner.json(path, {
      method: "POST",
      json: { rows: [], padding: "x".repeat(5 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
  });
});

describe("flags and moderation", () => {
  it("flag → hide takes the body out of every member's document; unhide restores it", async () => {
    const text = await makeText(fixture.groupId, "Moderated");
    const target = new CollabClient(server.url, targetClient.cookieHeader());
    sockets.push(target);
    await target.connected();
    const secret = "Forbidden pumpernickel is my passion";
    const flagged = await comment(target, text, { exact: "single man" }, secret);
    const doc = `chapter:${flagged.chapterId}`;
    const member = await connect("member");
    await member.join(doc);
    const bodyOf = (client: CollabClient) =>
      client.threads(doc)[flagged.threadId]?.messages[0]?.body;
    await waitFor(() => bodyOf(member) === secret, 5000, "member sees the comment");

    const flagPath = `/api/comments/${flagged.messageId}/flag`;
    const flag = await cast.clients.member.json(flagPath, {
      method: "POST",
      json: { reason: "Off topic" },
    });
    expect(flag.status).toBe(201);
    expect((await cast.clients.member.json(flagPath, { method: "POST", json: {} })).status).toBe(
      409,
    );
    expect((await cast.clients.outsider.json(flagPath, { method: "POST", json: {} })).status).toBe(
      404,
    );

    type Queue = {
      flagged: Array<{ commentId: string; flags: Array<{ reason: string }> }>;
      hidden: Array<{ commentId: string; body: string }>;
    };
    const queue = await cast.clients.moderator.json<Queue>(`/api/groups/${fixture.groupId}/flags`);
    expect(queue.status).toBe(200);
    expect(queue.body.flagged.find((item) => item.commentId === flagged.messageId)?.flags).toEqual([
      expect.objectContaining({ reason: "Off topic" }),
    ]);
    expect((await cast.clients.member.json(`/api/groups/${fixture.groupId}/flags`)).status).toBe(
      403,
    );

    // A member cannot hide: not through the route, not with a socket command.
    const moderation = `/api/comments/${flagged.messageId}/moderation`;
    const refused = await cast.clients.member.json(moderation, {
      method: "POST",
      json: { action: "hide" },
    });
    expect(refused.status).toBe(403);
    expect(
      await member.command(doc, "comment.hide", {
        threadId: flagged.threadId,
        messageId: flagged.messageId,
        hidden: true,
        token: "m".repeat(40),
      }),
    ).toMatchObject({ ok: false, error: "forbidden" });

    const hidden = await cast.clients.moderator.json(moderation, {
      method: "POST",
      json: { action: "hide" },
    });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
    expect(hidden.body).toMatchObject({ hidden: true, resolvedFlags: 1 });
    await waitFor(() => bodyOf(member) === "", 5000, "the live member loses the body");
    const late = await connect("member");
    await late.join(doc);
    await waitFor(() => Boolean(late.threads(doc)[flagged.threadId]), 5000, "late joiner syncs");
    expect(late.threads(doc)[flagged.threadId]?.messages[0]).toMatchObject({
      body: "",
      hidden: true,
    });
    const synced = new TextDecoder().decode(Y.encodeStateAsUpdate(late.docOf(doc)));
    expect(synced).not.toContain("pumpernickel");
    expect(await db.comment.findUnique({ where: { id: flagged.messageId } })).toMatchObject({
      hidden: true,
      body: "",
    });
    const search = await cast.clients.member.json<{ results: unknown[] }>(
      `/api/groups/${fixture.groupId}/search/comments?q=pumpernickel`,
    );
    expect(search.body.results).toEqual([]);
    const after = await cast.clients.moderator.json<Queue>(`/api/groups/${fixture.groupId}/flags`);
    expect(after.body.flagged.some((item) => item.commentId === flagged.messageId)).toBe(false);
    expect(after.body.hidden.find((item) => item.commentId === flagged.messageId)?.body).toBe(
      secret,
    );
    const page = await cast.clients.moderator.request(`/groups/${fixture.groupId}/moderation`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("pumpernickel");

    const shown = await cast.clients.owner.json(moderation, {
      method: "POST",
      json: { action: "unhide" },
    });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    await waitFor(() => bodyOf(late) === secret, 5000, "the body comes back");
    expect(
      (late.threads(doc)[flagged.threadId]?.messages[0] as Record<string, unknown> | undefined)
        ?.hidden,
    ).toBeUndefined();
    expect(await db.hiddenCommentBody.count({ where: { commentId: flagged.messageId } })).toBe(0);
    expect((await db.comment.findUnique({ where: { id: flagged.messageId } }))?.hidden).toBe(false);
  });

  it("remove deletes the comment through comment.delete and resolves its flags", async () => {
    const text = await makeText(fixture.groupId, "Removed");
    const member = await connect("member");
    const made = await comment(member, text, { exact: "wife" }, "Rude words here");
    await targetClient.json(`/api/comments/${made.messageId}/flag`, { method: "POST" });
    const removed = await cast.clients.moderator.json(
      `/api/comments/${made.messageId}/moderation`,
      {
        method: "POST",
        json: { action: "remove" },
      },
    );
    expect(removed.body).toMatchObject({ deleted: true, resolvedFlags: 1 });
    expect(await db.comment.findUnique({ where: { id: made.messageId } })).toMatchObject({
      deleted: true,
      body: "",
      deletedBy: cast.users.moderator.id,
    });
    const flagAgain = await cast.clients.member.json(`/api/comments/${made.messageId}/flag`, {
      method: "POST",
    });
    expect(flagAgain.status).toBe(409);
  });
});
