import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readThreads } from "@/lib/annotations/comment-document";
import {
  addPrivateNote,
  deletePrivateNote,
  editPrivateNote,
} from "@/lib/annotations/private-notes";

const anchor = {
  chapterId: "c1",
  paragraphId: "p1",
  start: 0,
  end: 5,
  exact: "Hello",
  prefix: "",
  suffix: " world",
};

describe("private notes", () => {
  it("are written in the comment document schema, readable with readThreads", () => {
    const doc = new Y.Doc();
    addPrivateNote(doc, {
      threadId: "t1",
      messageId: "m1",
      anchor,
      body: "remember this",
      userId: "u1",
      at: new Date("2026-01-01T00:00:00Z"),
    });
    expect(readThreads(doc)).toEqual([
      expect.objectContaining({
        id: "t1",
        authorId: "u1",
        anchor,
        resolved: false,
        messages: [
          expect.objectContaining({
            id: "m1",
            body: "remember this",
            createdAt: "2026-01-01T00:00:00.000Z",
          }),
        ],
      }),
    ]);
  });

  it("merge offline edits from two devices", () => {
    const laptop = new Y.Doc();
    const phone = new Y.Doc();
    addPrivateNote(laptop, {
      threadId: "t1",
      messageId: "m1",
      anchor,
      body: "on the train",
      userId: "u1",
    });
    addPrivateNote(phone, {
      threadId: "t2",
      messageId: "m2",
      anchor,
      body: "at home",
      userId: "u1",
    });
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone));
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop));
    expect(
      readThreads(laptop)
        .map((t) => t.id)
        .sort(),
    ).toEqual(["t1", "t2"]);
    expect(readThreads(phone)).toEqual(readThreads(laptop));
  });

  it("edit and delete", () => {
    const doc = new Y.Doc();
    addPrivateNote(doc, { threadId: "t1", messageId: "m1", anchor, body: "draft", userId: "u1" });
    editPrivateNote(doc, "t1", "final");
    expect(readThreads(doc)[0]?.messages[0]).toMatchObject({ body: "final" });
    deletePrivateNote(doc, "t1");
    expect(readThreads(doc)).toEqual([]);
  });
});
