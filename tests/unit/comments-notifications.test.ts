import { describe, expect, it } from "vitest";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import {
  afterCommentCommand,
  commentExcerpt,
  commentRecipients,
} from "@/lib/annotations/comment-notifications";
import { IMPORT_COMMAND_PREFIX, importedId } from "@/lib/annotations/import-annotations";
import { headlineToHtml } from "@/lib/annotations/search-comments";

const message = (id: string, authorId: string) => ({
  id,
  authorId,
  body: "",
  createdAt: "2025-01-01T00:00:00.000Z",
  editedAt: null,
  deleted: false,
  deletedBy: null,
  deletedAt: null,
  reactions: {},
});

const thread: TThreadSnapshot = {
  id: "thread-1",
  authorId: "ann",
  createdAt: "2025-01-01T00:00:00.000Z",
  anchor: {
    chapterId: "c",
    paragraphId: "p",
    start: 0,
    end: 1,
    exact: "x",
    prefix: "",
    suffix: "",
  },
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  messages: [
    message("m1", "ann"),
    message("m2", "bob"),
    message("m3", "cat"),
    message("m4", "dan"),
  ],
};
const members = new Set(["ann", "bob", "cat", "dan", "eve"]);

describe("commentRecipients", () => {
  it("a reply reaches the thread's author and earlier participants, not the actor or later ones", () => {
    const recipients = commentRecipients({
      actorId: "cat",
      type: "comment.reply",
      messageId: "m3",
      thread,
      memberIds: members,
      mentioned: [],
      assigned: [],
    });
    expect([...recipients]).toEqual([
      ["ann", "comment.reply"],
      ["bob", "comment.reply"],
    ]);
  });

  it("a mention wins over a reply; people who left the group and the actor are skipped", () => {
    const recipients = commentRecipients({
      actorId: "dan",
      type: "comment.reply",
      messageId: "m4",
      thread,
      memberIds: new Set(["ann", "cat", "dan", "eve"]),
      mentioned: ["ann", "dan", "zed"],
      assigned: ["eve"],
    });
    expect([...recipients]).toEqual([
      ["ann", "comment.mention"],
      ["cat", "comment.reply"],
    ]);
  });

  it("assigned members hear only of new threads", () => {
    const base = {
      actorId: "ann",
      messageId: "m1",
      thread,
      memberIds: members,
      mentioned: [],
      assigned: ["ann", "eve"],
    };
    expect([...commentRecipients({ ...base, type: "comment.create" })]).toEqual([
      ["eve", "comment.assigned"],
    ]);
    expect(commentRecipients({ ...base, type: "comment.edit" }).size).toBe(0);
  });
});

describe("afterCommentCommand", () => {
  it("notifies nobody for an imported annotation (decided before any database access)", async () => {
    const created = await afterCommentCommand({
      actorId: "ann",
      groupId: "g",
      chapterId: "c",
      textId: "t",
      commandId: `${IMPORT_COMMAND_PREFIX}abc`,
      result: {
        type: "comment.create",
        threadId: "thread-1",
        messageId: "m1",
        thread,
        changed: true,
      },
    });
    expect(created).toEqual([]);
  });
});

describe("commentExcerpt", () => {
  it("shows mention tokens as names, folds whitespace and cuts long bodies at a word", () => {
    expect(commentExcerpt("Hi @[Ann Lee](user:ann),\n\n  look")).toBe("Hi @Ann Lee, look");
    const long = commentExcerpt("word ".repeat(100), 20);
    expect(long.length).toBeLessThanOrEqual(20);
    expect(long).toMatch(/word…$/);
  });
});

describe("headlineToHtml", () => {
  it("escapes the comment and marks only the matched words", () => {
    expect(headlineToHtml("<script>x</script> \uE000lighthouse\uE001 & more")).toBe(
      "&lt;script&gt;x&lt;/script&gt; <mark>lighthouse</mark> &amp; more",
    );
  });
});

describe("importedId", () => {
  it("is stable per text and source annotation, and a valid client id", () => {
    const a = importedId("thread", "text-1", "https://hypothes.is/a/abc");
    expect(a).toBe(importedId("thread", "text-1", "https://hypothes.is/a/abc"));
    expect(a).not.toBe(importedId("thread", "text-2", "https://hypothes.is/a/abc"));
    expect(a).not.toBe(importedId("message", "text-1", "https://hypothes.is/a/abc"));
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});
