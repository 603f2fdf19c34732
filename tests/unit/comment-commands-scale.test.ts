import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import { readThreads } from "@/lib/annotations/comment-document";

describe("comment document at scale", () => {
  it("takes 5,000 comment.create commands on one document and syncs them to a fresh copy", () => {
    const doc = new Y.Doc();
    const actor = { userId: "reader-1", role: "MEMBER" as const };
    const now = new Date("2025-05-01T09:00:00.000Z");
    const started = performance.now();
    for (let i = 0; i < 5_000; i++) {
      const n = String(i).padStart(6, "0");
      const outcome = applyCommentCommand(
        doc,
        {
          doc: "chapter:ch-scale",
          id: `cmd-${n}`,
          type: "comment.create",
          threadId: `thread-${n}`,
          messageId: `msg-${n}`,
          anchor: {
            chapterId: "ch-scale",
            paragraphId: `p-${i % 300}`,
            start: 0,
            end: 12,
            exact: "a quoted bit",
            prefix: "",
            suffix: " and on",
          },
          body: `Comment number ${i}: a sentence or two of the length people write in margins.`,
        },
        actor,
        now,
      );
      if (!outcome.ok) throw new Error(outcome.message);
    }
    const applyMs = performance.now() - started;
    const state = Y.encodeStateAsUpdate(doc);
    const copy = new Y.Doc();
    const loadStarted = performance.now();
    Y.applyUpdate(copy, state);
    const loadMs = performance.now() - loadStarted;
    // Measured, not asserted: printed for the record.
    console.log(
      `5000 comment.create: ${applyMs.toFixed(0)} ms (${((applyMs / 5000) * 1000).toFixed(0)} µs each); ` +
        `state ${(state.length / 1024).toFixed(0)} KiB; load from state ${loadMs.toFixed(0)} ms`,
    );
    expect(readThreads(copy)).toHaveLength(5_000);
  }, 60_000);
});
