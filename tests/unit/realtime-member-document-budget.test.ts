import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addPrivateNote } from "@/lib/annotations/private-notes";
import { admitMemberUpdate, privateNotesProblem } from "@/lib/realtime/budgets/member-documents";
import { UserBudgets, type TUserLimits } from "@/lib/realtime/budgets/user-budgets";

const budget = { maxBytes: 20_000, maxChars: 5_000 };
const anchor = {
  chapterId: "chapter-1",
  paragraphId: "paragraph-1",
  start: 0,
  end: 5,
  exact: "first",
  prefix: "",
  suffix: "",
};

/** A server copy and a client copy of one document, and the client's next change as an update. */
function change(server: Y.Doc, edit: (client: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on("update", (update: Uint8Array) => updates.push(update));
  edit(client);
  return Y.mergeUpdates(updates);
}

const note = (body: string) => (doc: Y.Doc) =>
  addPrivateNote(doc, {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor,
    body,
    userId: "user-1",
  });

function admit(kind: "notes" | "session-notes", server: Y.Doc, update: Uint8Array) {
  // Private notes get room for one long note, to reach the structure check.
  const caps = kind === "notes" ? { maxBytes: 100_000, maxChars: 50_000 } : budget;
  return admitMemberUpdate(kind, server, Y.encodeStateAsUpdate(server), update, caps);
}

describe("member-written document budget", () => {
  it("admits shared notes under the cap and refuses the change that would pass it", () => {
    const server = new Y.Doc();
    const first = change(server, (doc) => doc.getText("notes").insert(0, "a".repeat(4_000)));
    expect(admit("session-notes", server, first)).toBeNull();
    Y.applyUpdate(server, first);
    const over = change(server, (doc) => doc.getText("notes").insert(0, "b".repeat(2_000)));
    expect(admit("session-notes", server, over)).toMatchObject({
      code: "document_too_large",
      message: expect.stringMatching(/would exceed 5,000 characters/) as unknown,
    });
  });

  it("refuses by encoded size too, and lets a document already over the cap shrink", () => {
    const server = new Y.Doc();
    // Over the cap already (stored before it existed).
    Y.applyUpdate(
      server,
      change(server, (doc) => doc.getText("notes").insert(0, "é".repeat(12_000))),
    );
    const grow = change(server, (doc) => doc.getText("notes").insert(0, "more"));
    expect(admit("session-notes", server, grow)?.code).toBe("document_too_large");
    const shrink = change(server, (doc) => doc.getText("notes").delete(0, 10_000));
    expect(admit("session-notes", server, shrink)).toBeNull();
  });

  it("private notes keep the comment document's structure", () => {
    const server = new Y.Doc();
    const good = change(server, note("a note"));
    expect(admit("notes", server, good)).toBeNull();
    Y.applyUpdate(server, good);
    expect(privateNotesProblem(server)).toBeNull();

    const cases: [string, (doc: Y.Doc) => void, RegExp][] = [
      ["a string thread", (doc) => doc.getMap("threads").set("thread-xyz", "x"), /not a map/],
      ["another root", (doc) => doc.getText("other").insert(0, "x"), /unknown part "other"/],
      ["a long body", note("x".repeat(10_001)), /at most 10000 characters/],
      [
        "messages that are not a list",
        (doc) => {
          const thread = new Y.Map<unknown>();
          thread.set("id", "thread-abc");
          thread.set("authorId", "u");
          thread.set("createdAt", "2026-01-01T00:00:00.000Z");
          thread.set("anchor", anchor);
          thread.set("messages", "nope");
          doc.getMap("threads").set("thread-abc", thread);
        },
        /messages are not a list/,
      ],
    ];
    for (const [what, edit, message] of cases) {
      const refusal = admit("notes", server, change(server, edit));
      expect(refusal, what).toMatchObject({ code: "invalid_document" });
      expect(refusal?.message, what).toMatch(message);
    }
  });

  it("refuses a change that builds on a refused one (it would stay pending, unchecked)", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    client.getMap("threads").set("thread-bad", "refused");
    const updates: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => updates.push(update));
    note("fine on its own")(client);
    const refusal = admit("notes", server, Y.mergeUpdates(updates));
    expect(refusal?.message).toMatch(/builds on one that was not saved/);
  });
});

describe("per-user counters", () => {
  const limits: TUserLimits = {
    maxSockets: 2,
    commands: { points: 1, duration: 1 },
    messages: { points: 1, duration: 1 },
    joins: { points: 1, duration: 1 },
    lookupConcurrency: 2,
    maxJoinedDocs: 2,
    awarenessPerSocket: 1,
    awarenessPerUser: 1,
  };
  // The command limiter only touches PostgreSQL when consumed; these tests never consume it.
  const budgets = () => new UserBudgets(limits);

  it("counts sockets per user and frees a slot once, however often it is released", () => {
    const counters = budgets();
    expect(counters.admitSocket("u", "s1")).toBe(true);
    expect(counters.admitSocket("u", "s2")).toBe(true);
    expect(counters.admitSocket("u", "s3")).toBe(false);
    expect(counters.admitSocket("v", "s4")).toBe(true);
    counters.releaseSocket("u", "s1");
    counters.releaseSocket("u", "s1");
    expect(counters.socketCount("u")).toBe(1);
    expect(counters.admitSocket("u", "s5")).toBe(true);
    expect(counters.admitSocket("u", "s6")).toBe(false);
  });

  it("runs at most `lookupConcurrency` lookups of one user at once", async () => {
    const counters = budgets();
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        counters.lookup("u", async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
  });

  it("reserves open documents per user", () => {
    const counters = budgets();
    expect(counters.reserveJoin("u")).toBe(true);
    expect(counters.reserveJoin("u")).toBe(true);
    expect(counters.reserveJoin("u")).toBe(false);
    counters.releaseJoin("u");
    expect(counters.reserveJoin("u")).toBe(true);
  });
});
