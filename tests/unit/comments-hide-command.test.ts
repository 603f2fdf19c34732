import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  applyCommentCommand,
  hiddenBodyDigest,
  type TCommentActor,
} from "@/lib/annotations/comment-commands";
import { readThreads } from "@/lib/annotations/comment-document";
import { commentRowsFromDoc } from "@/lib/annotations/comment-projection";

const DOC = "chapter:ch-1";
const now = new Date("2025-03-01T10:00:00.000Z");
const alice: TCommentActor = { userId: "alice", role: "MEMBER" };
const mona: TCommentActor = { userId: "mona", role: "MODERATOR" };
const oscar: TCommentActor = { userId: "oscar", role: "OWNER" };
const TOKEN = "t".repeat(40);
const BODY = "Something a moderator would rather not leave in the margin.";

let seq = 0;
const cmdId = () => `cmd-${String(++seq).padStart(6, "0")}`;

function setUp(): Y.Doc {
  const doc = new Y.Doc();
  const created = applyCommentCommand(
    doc,
    {
      doc: DOC,
      id: cmdId(),
      type: "comment.create",
      threadId: "thread-01",
      messageId: "msg-0001",
      anchor: {
        chapterId: "ch-1",
        paragraphId: "p-1",
        start: 0,
        end: 5,
        exact: "Hello",
        prefix: "",
        suffix: "",
      },
      body: BODY,
    },
    alice,
    now,
  );
  expect(created.ok).toBe(true);
  return doc;
}

function hide(doc: Y.Doc, actor: TCommentActor, fields: Record<string, unknown>) {
  return applyCommentCommand(
    doc,
    {
      doc: DOC,
      id: cmdId(),
      type: "comment.hide",
      threadId: "thread-01",
      messageId: "msg-0001",
      token: TOKEN,
      ...fields,
    },
    actor,
    now,
  );
}

const message = (doc: Y.Doc) => readThreads(doc)[0]?.messages[0];
const encoded = (doc: Y.Doc) => new TextDecoder().decode(Y.encodeStateAsUpdate(doc));

describe("comment.hide", () => {
  it("a moderator hides a message: the body leaves the document, only a digest stays", () => {
    const doc = setUp();
    const out = hide(doc, mona, { hidden: true });
    expect(out.ok).toBe(true);
    expect(message(doc)).toMatchObject({ body: "", hidden: true, hiddenBy: "mona" });
    // What a member syncs: the stored document no longer carries the words (Yjs keeps deleted
    // map values only as tombstones without content).
    expect(encoded(doc)).not.toContain("rather not leave");
    expect(doc.getMap("threads").toJSON()).toMatchObject({
      "thread-01": {
        messages: [{ hiddenDigest: hiddenBodyDigest(TOKEN, BODY), body: "" }],
      },
    });
    if (out.ok) expect(out.changes[0]?.row).toMatchObject({ hidden: true, body: "" });
  });

  it("a member cannot hide, even their own message", () => {
    const doc = setUp();
    expect(hide(doc, alice, { hidden: true })).toMatchObject({ ok: false, error: "forbidden" });
    expect(message(doc)?.body).toBe(BODY);
  });

  it("unhide restores the body only with the token and the very body that was hidden", () => {
    const doc = setUp();
    hide(doc, mona, { hidden: true });
    expect(hide(doc, oscar, { hidden: false })).toMatchObject({ error: "bad_request" });
    expect(hide(doc, oscar, { hidden: false, body: "Forged words" })).toMatchObject({
      error: "forbidden",
    });
    expect(hide(doc, oscar, { hidden: false, body: BODY, token: "u".repeat(40) })).toMatchObject({
      error: "forbidden",
    });
    const out = hide(doc, oscar, { hidden: false, body: BODY });
    expect(out).toMatchObject({ ok: true, result: { changed: true } });
    expect(message(doc)).toEqual(expect.objectContaining({ body: BODY }));
    expect(message(doc)?.hidden).toBeUndefined();
    expect(commentRowsFromDoc(doc, "ch-1")[0]).toMatchObject({ hidden: false, body: BODY });
  });

  it("hiding twice or unhiding a shown message changes nothing", () => {
    const doc = setUp();
    expect(hide(doc, mona, { hidden: false, body: BODY })).toMatchObject({
      ok: true,
      result: { changed: false },
    });
    hide(doc, mona, { hidden: true });
    expect(hide(doc, mona, { hidden: true, token: "v".repeat(40) })).toMatchObject({
      ok: true,
      result: { changed: false },
    });
    // The first hide's digest still holds.
    expect(hide(doc, mona, { hidden: false, body: BODY })).toMatchObject({ ok: true });
  });

  it("a hidden message cannot be edited or reacted to; deleting it clears the hidden marks", () => {
    const doc = setUp();
    hide(doc, mona, { hidden: true });
    const edit = applyCommentCommand(
      doc,
      {
        doc: DOC,
        id: cmdId(),
        type: "comment.edit",
        threadId: "thread-01",
        messageId: "msg-0001",
        body: "Now I say this",
      },
      alice,
      now,
    );
    expect(edit).toMatchObject({ ok: false, error: "conflict" });
    const react = applyCommentCommand(
      doc,
      {
        doc: DOC,
        id: cmdId(),
        type: "reaction.toggle",
        threadId: "thread-01",
        messageId: "msg-0001",
        emoji: "👍",
      },
      alice,
      now,
    );
    expect(react).toMatchObject({ ok: false, error: "conflict" });
    const removed = applyCommentCommand(
      doc,
      {
        doc: DOC,
        id: cmdId(),
        type: "comment.delete",
        threadId: "thread-01",
        messageId: "msg-0001",
      },
      mona,
      now,
    );
    expect(removed.ok).toBe(true);
    expect(message(doc)).toMatchObject({ deleted: true, body: "" });
    expect(message(doc)?.hidden).toBeUndefined();
    expect(hide(doc, mona, { hidden: true })).toMatchObject({ error: "conflict" });
  });

  it("a short token is refused (the digest must not be guessable)", () => {
    const doc = setUp();
    expect(hide(doc, mona, { hidden: true, token: "short" })).toMatchObject({
      error: "bad_request",
    });
  });
});
