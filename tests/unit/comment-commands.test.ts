import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyCommentCommand, type TCommentActor } from "@/lib/annotations/comment-commands";
import { COMMENT_COMMAND_ORIGIN, readThreads } from "@/lib/annotations/comment-document";
import { commentRowsFromDoc } from "@/lib/annotations/comment-projection";
import { REACTION_EMOJI } from "@/lib/annotations/comment-schemas";

const DOC = "chapter:ch-1";
const now = new Date("2025-03-01T10:00:00.000Z");
const later = new Date("2025-03-01T11:00:00.000Z");
const alice: TCommentActor = { userId: "alice", role: "MEMBER" };
const bob: TCommentActor = { userId: "bob", role: "MEMBER" };
const mod: TCommentActor = { userId: "mona", role: "MODERATOR" };
const owner: TCommentActor = { userId: "oscar", role: "OWNER" };

const anchor = {
  chapterId: "ch-1",
  paragraphId: "p-7",
  start: 4,
  end: 9,
  exact: "quick",
  prefix: "The ",
  suffix: " brown",
};

let seq = 0;
const cmdId = () => `cmd-${String(++seq).padStart(6, "0")}`;

function create(
  doc: Y.Doc,
  actor = alice,
  threadId = "thread-01",
  messageId = "msg-0001",
  extra = {},
) {
  return applyCommentCommand(
    doc,
    {
      doc: DOC,
      id: cmdId(),
      type: "comment.create",
      threadId,
      messageId,
      anchor,
      body: "Why quick?",
      ...extra,
    },
    actor,
    now,
  );
}

function reply(doc: Y.Doc, actor = bob, messageId = "msg-0002", threadId = "thread-01") {
  return applyCommentCommand(
    doc,
    { doc: DOC, id: cmdId(), type: "comment.reply", threadId, messageId, body: "Because." },
    actor,
    now,
  );
}

function run(doc: Y.Doc, actor: TCommentActor, fields: Record<string, unknown>, at = later) {
  return applyCommentCommand(
    doc,
    { doc: DOC, id: cmdId(), threadId: "thread-01", ...fields },
    actor,
    at,
  );
}

describe("comment.create", () => {
  it("stores a thread with its first message, stamped by the server", () => {
    const doc = new Y.Doc();
    const out = create(doc);
    expect(out.ok).toBe(true);
    const [thread] = readThreads(doc);
    expect(thread).toMatchObject({
      id: "thread-01",
      authorId: "alice",
      createdAt: now.toISOString(),
      anchor,
      resolved: false,
      messages: [
        { id: "msg-0001", authorId: "alice", body: "Why quick?", deleted: false, editedAt: null },
      ],
    });
    if (!out.ok) return;
    expect(out.changes).toHaveLength(1);
    expect(out.changes[0]?.row).toMatchObject({
      chapterId: "ch-1",
      threadId: "thread-01",
      messageId: "msg-0001",
      paragraphId: "p-7",
      authorId: "alice",
      position: 0,
      createdAt: now,
      resolved: false,
      deleted: false,
    });
  });

  it("ignores a forged authorId and createdAt", () => {
    const doc = new Y.Doc();
    const out = create(doc, bob, "thread-01", "msg-0001", {
      authorId: "alice",
      createdAt: "1999-01-01T00:00:00Z",
    });
    expect(out.ok).toBe(true);
    const [thread] = readThreads(doc);
    expect(thread?.authorId).toBe("bob");
    expect(thread?.messages[0]?.authorId).toBe("bob");
    expect(thread?.createdAt).toBe(now.toISOString());
  });

  it("applies in one transaction with the fixed origin", () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on("update", (_u: Uint8Array, origin: unknown) => origins.push(origin));
    create(doc);
    expect(origins).toEqual([COMMENT_COMMAND_ORIGIN]);
  });

  it("refuses a thread id or message id that already names something", () => {
    const doc = new Y.Doc();
    create(doc);
    expect(create(doc, alice, "thread-01", "msg-0009")).toMatchObject({
      ok: false,
      error: "conflict",
    });
    expect(create(doc, alice, "thread-02", "msg-0001")).toMatchObject({
      ok: false,
      error: "conflict",
    });
    expect(create(doc, alice, "msg-0001", "msg-0010")).toMatchObject({
      ok: false,
      error: "conflict",
    });
    expect(create(doc, alice, "thread-03", "thread-01")).toMatchObject({
      ok: false,
      error: "conflict",
    });
    expect(create(doc, alice, "thread-04", "thread-04")).toMatchObject({
      ok: false,
      error: "conflict",
    });
    expect(readThreads(doc)).toHaveLength(1);
  });

  it("refuses bad input as bad_request without touching the document", () => {
    const doc = new Y.Doc();
    const before = Y.encodeStateAsUpdate(doc);
    const cases = [
      { body: "   " },
      { body: "x".repeat(10_001) },
      { anchor: { ...anchor, start: 10, end: 9 } },
      { anchor: { ...anchor, chapterId: "ch-2" } },
      { anchor: { ...anchor, exact: "x".repeat(5000) } },
      { threadId: "short" },
      { threadId: "has space in it" },
    ];
    for (const extra of cases) {
      expect(create(doc, alice, "thread-01", "msg-0001", extra)).toMatchObject({
        ok: false,
        error: "bad_request",
      });
    }
    expect(
      applyCommentCommand(
        doc,
        { doc: "notes:ch-1", id: cmdId(), type: "thread.resolve", threadId: "thread-01" },
        alice,
        now,
      ),
    ).toMatchObject({ ok: false, error: "bad_request" });
    expect(applyCommentCommand(doc, { type: "comment.explode" }, alice, now)).toMatchObject({
      error: "bad_request",
    });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe("comment.reply", () => {
  it("appends to the thread; unknown thread is not_found; reused id is conflict", () => {
    const doc = new Y.Doc();
    create(doc);
    expect(reply(doc)).toMatchObject({ ok: true });
    expect(reply(doc, bob, "msg-0003", "thread-99")).toMatchObject({
      ok: false,
      error: "not_found",
    });
    expect(reply(doc, bob, "msg-0002")).toMatchObject({ ok: false, error: "conflict" });
    expect(reply(doc, bob, "thread-01")).toMatchObject({ ok: false, error: "conflict" });
    const messages = readThreads(doc)[0]?.messages ?? [];
    expect(messages.map((m) => [m.id, m.authorId])).toEqual([
      ["msg-0001", "alice"],
      ["msg-0002", "bob"],
    ]);
  });
});

describe("comment.edit", () => {
  it("lets the author edit and stamps editedAt", () => {
    const doc = new Y.Doc();
    create(doc);
    const out = run(doc, alice, {
      type: "comment.edit",
      messageId: "msg-0001",
      body: "Why so quick?",
      editedAt: "x",
    });
    expect(out).toMatchObject({ ok: true });
    expect(readThreads(doc)[0]?.messages[0]).toMatchObject({
      body: "Why so quick?",
      editedAt: later.toISOString(),
    });
  });

  it("refuses another member and a moderator", () => {
    const doc = new Y.Doc();
    create(doc);
    for (const actor of [bob, mod, owner]) {
      expect(
        run(doc, actor, { type: "comment.edit", messageId: "msg-0001", body: "mine now" }),
      ).toMatchObject({
        ok: false,
        error: "forbidden",
      });
    }
    expect(readThreads(doc)[0]?.messages[0]?.body).toBe("Why quick?");
  });

  it("refuses an unknown message and a deleted one", () => {
    const doc = new Y.Doc();
    create(doc);
    expect(
      run(doc, alice, { type: "comment.edit", messageId: "msg-9999", body: "x" }),
    ).toMatchObject({
      error: "not_found",
    });
    run(doc, alice, { type: "comment.delete", messageId: "msg-0001" });
    expect(
      run(doc, alice, { type: "comment.edit", messageId: "msg-0001", body: "back" }),
    ).toMatchObject({
      error: "conflict",
    });
  });
});

describe("comment.delete", () => {
  it("author deletes own message: map stays with deleted and an empty body", () => {
    const doc = new Y.Doc();
    create(doc);
    reply(doc);
    const out = run(doc, bob, { type: "comment.delete", messageId: "msg-0002" });
    expect(out).toMatchObject({ ok: true });
    const messages = readThreads(doc)[0]?.messages ?? [];
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({
      id: "msg-0002",
      deleted: true,
      body: "",
      deletedBy: "bob",
    });
    if (out.ok)
      expect(out.changes[0]?.row).toMatchObject({ messageId: "msg-0002", deleted: true, body: "" });
  });

  it("another member may not delete; a moderator and an owner may", () => {
    const doc = new Y.Doc();
    create(doc);
    reply(doc);
    expect(run(doc, bob, { type: "comment.delete", messageId: "msg-0001" })).toMatchObject({
      error: "forbidden",
    });
    expect(run(doc, mod, { type: "comment.delete", messageId: "msg-0001" })).toMatchObject({
      ok: true,
    });
    expect(run(doc, owner, { type: "comment.delete", messageId: "msg-0002" })).toMatchObject({
      ok: true,
    });
    const messages = readThreads(doc)[0]?.messages ?? [];
    expect(messages.map((m) => [m.deleted, m.deletedBy])).toEqual([
      [true, "mona"],
      [true, "oscar"],
    ]);
  });

  it("deleting twice succeeds without a change", () => {
    const doc = new Y.Doc();
    create(doc);
    run(doc, alice, { type: "comment.delete", messageId: "msg-0001" });
    const again = run(doc, alice, { type: "comment.delete", messageId: "msg-0001" });
    expect(again).toMatchObject({ ok: true, changes: [], result: { changed: false } });
  });
});

describe("thread.resolve / thread.reopen", () => {
  it("thread author resolves and reopens; every message row carries the new state", () => {
    const doc = new Y.Doc();
    create(doc);
    reply(doc);
    const resolved = run(doc, alice, { type: "thread.resolve" });
    expect(resolved).toMatchObject({ ok: true });
    expect(readThreads(doc)[0]).toMatchObject({
      resolved: true,
      resolvedBy: "alice",
      resolvedAt: later.toISOString(),
    });
    if (resolved.ok) {
      expect(resolved.changes.map((c) => [c.row.messageId, c.row.resolved])).toEqual([
        ["msg-0001", true],
        ["msg-0002", true],
      ]);
    }
    expect(run(doc, alice, { type: "thread.reopen" })).toMatchObject({ ok: true });
    expect(readThreads(doc)[0]).toMatchObject({
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    });
  });

  it("a member who replied but did not open the thread may not resolve it; a moderator may", () => {
    const doc = new Y.Doc();
    create(doc);
    reply(doc);
    expect(run(doc, bob, { type: "thread.resolve" })).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect(run(doc, mod, { type: "thread.resolve" })).toMatchObject({ ok: true });
    expect(run(doc, bob, { type: "thread.reopen" })).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect(run(doc, owner, { type: "thread.reopen" })).toMatchObject({ ok: true });
    expect(run(doc, owner, { type: "thread.reopen" })).toMatchObject({ ok: true, changes: [] });
    expect(run(doc, owner, { type: "thread.resolve", threadId: "thread-77" })).toMatchObject({
      error: "not_found",
    });
  });
});

describe("reaction.toggle", () => {
  it("any member toggles a reaction on and off", () => {
    const doc = new Y.Doc();
    create(doc);
    const on = run(doc, bob, { type: "reaction.toggle", messageId: "msg-0001", emoji: "👍" });
    expect(on).toMatchObject({ ok: true, result: { reactionActive: true } });
    run(doc, mod, { type: "reaction.toggle", messageId: "msg-0001", emoji: "👍" });
    expect(readThreads(doc)[0]?.messages[0]?.reactions).toEqual({ "👍": ["bob", "mona"] });
    const off = run(doc, bob, { type: "reaction.toggle", messageId: "msg-0001", emoji: "👍" });
    expect(off).toMatchObject({ ok: true, result: { reactionActive: false } });
    expect(readThreads(doc)[0]?.messages[0]?.reactions).toEqual({ "👍": ["mona"] });
    run(doc, mod, { type: "reaction.toggle", messageId: "msg-0001", emoji: "👍" });
    expect(readThreads(doc)[0]?.messages[0]?.reactions).toEqual({});
  });

  it("refuses an emoji outside the fixed set and a deleted message", () => {
    const doc = new Y.Doc();
    create(doc);
    expect(REACTION_EMOJI).not.toContain("🍕");
    expect(
      run(doc, bob, { type: "reaction.toggle", messageId: "msg-0001", emoji: "🍕" }),
    ).toMatchObject({
      error: "bad_request",
    });
    run(doc, alice, { type: "comment.delete", messageId: "msg-0001" });
    expect(
      run(doc, bob, { type: "reaction.toggle", messageId: "msg-0001", emoji: "👍" }),
    ).toMatchObject({
      error: "conflict",
    });
  });
});

describe("readThreads and the projection", () => {
  it("a second document synced from the first reads the same threads and rows", () => {
    const doc = new Y.Doc();
    create(doc);
    reply(doc);
    run(doc, alice, { type: "thread.resolve" });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readThreads(copy)).toEqual(readThreads(doc));
    expect(commentRowsFromDoc(copy, "ch-1")).toEqual(commentRowsFromDoc(doc, "ch-1"));
    expect(commentRowsFromDoc(copy, "ch-1")).toHaveLength(2);
  });
});
