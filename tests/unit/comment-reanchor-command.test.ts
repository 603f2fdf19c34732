import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import { readThreads } from "@/lib/annotations/comment-document";

const now = new Date("2026-11-01T10:00:00Z");
const anchor = {
  chapterId: "chap-1",
  paragraphId: "para-1",
  start: 0,
  end: 5,
  exact: "Hello",
  prefix: "",
  suffix: " world",
};
const moved = {
  chapterId: "chap-1",
  paragraphId: "para-2",
  start: 10,
  end: 15,
  exact: "Hello",
  prefix: "said: ",
  suffix: "",
};

function docWithThread() {
  const doc = new Y.Doc();
  const created = applyCommentCommand(
    doc,
    {
      doc: "chapter:chap-1",
      id: "cmd-create-1",
      type: "comment.create",
      threadId: "thread-0001",
      messageId: "message-0001",
      anchor,
      body: "first",
    },
    { userId: "author", role: "MEMBER" },
    now,
  );
  expect(created.ok).toBe(true);
  return doc;
}

const reanchor = (doc: Y.Doc, role: "OWNER" | "MODERATOR" | "MEMBER", target = moved) =>
  applyCommentCommand(
    doc,
    {
      doc: "chapter:chap-1",
      id: "cmd-reanchor",
      type: "thread.reanchor",
      threadId: "thread-0001",
      anchor: target,
    },
    { userId: "mod", role },
    now,
  );

describe("thread.reanchor", () => {
  it("moderators re-attach a thread to a passage; the projection rows follow", () => {
    const doc = docWithThread();
    const outcome = reanchor(doc, "MODERATOR");
    expect(outcome.ok).toBe(true);
    expect(readThreads(doc)[0]?.anchor).toEqual(moved);
    if (outcome.ok) expect(outcome.changes.map((c) => c.row.paragraphId)).toEqual(["para-2"]);
  });

  it("members, even the thread's author, cannot", () => {
    const doc = docWithThread();
    expect(reanchor(doc, "MEMBER")).toMatchObject({ ok: false, error: "forbidden" });
    expect(readThreads(doc)[0]?.anchor).toEqual(anchor);
  });

  it("a thread stays in its own chapter", () => {
    const doc = docWithThread();
    expect(reanchor(doc, "OWNER", { ...moved, chapterId: "chap-2" })).toMatchObject({
      ok: false,
      error: "bad_request",
    });
  });
});
