import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REANCHOR_ACCEPT_SIMILARITY } from "@/lib/annotations/anchoring/reanchor";
import { fromHypothesis } from "@/lib/annotations/export/from-hypothesis";
import type { TImportedThread } from "@/lib/annotations/export/from-hypothesis";
import { toWebAnnotations } from "@/lib/annotations/export/to-web-annotations";
import { AppError } from "@/lib/errors/app-error";
import { CHAPTERS, TEXT, THREADS, paragraphText } from "@/tests/fixtures/annotations/moby-dick";

const hypothesisExport: unknown = JSON.parse(
  readFileSync(
    new URL("../fixtures/annotations/hypothesis-moby-dick.json", import.meta.url),
    "utf8",
  ),
);

function passage(thread: TImportedThread): string {
  return paragraphText(thread.anchor.paragraphId).slice(thread.anchor.start, thread.anchor.end);
}

describe("fromHypothesis - Hypothesis API export", () => {
  const result = fromHypothesis(hypothesisExport, CHAPTERS);
  const matched = new Map(result.matched.map((thread) => [thread.originalId, thread]));
  const unmatched = new Map(result.unmatched.map((entry) => [entry.originalId, entry]));

  it("accounts for every root annotation and orphan reply exactly once", () => {
    expect([...matched.keys()].sort()).toEqual([
      "b7Hc4Sx1Ee6kPQ2ZWRpdGk",
      "c1Dd5Tx1Ee6Zx3cmVwZWF0",
      "kT3uQvx1Ee6f8Qd7Zm9vYQ",
    ]);
    expect(Object.fromEntries([...unmatched].map(([id, entry]) => [id, entry.reason]))).toEqual({
      d4Ee6Ux1Ee6dWJ0Zm9sZGVk: "doubtful",
      e5Ff7Vx1Ee6bm90Zm91bmQ: "not-found",
      f6Gg8Wx1Ee6cGFnZW5vdGU: "no-quote",
      g7Hh9Xx1Ee6aGlnaGxpZ2h0: "no-body",
      h8Ii0Yx1Ee6b3JwaGFucmU: "reply-without-parent",
    });
  });

  it("places a verbatim quote and collects nested replies in time order", () => {
    const thread = matched.get("kT3uQvx1Ee6f8Qd7Zm9vYQ")!;
    expect(thread.anchor).toMatchObject({
      chapterId: "c_1",
      paragraphId: "p_1",
      start: 0,
      end: 16,
      exact: "Call me Ishmael.",
    });
    expect(thread).toMatchObject({
      originalAuthor: "Queequeg",
      createdAt: "2024-03-02T18:22:31.123456+00:00",
      body: "The most famous opening line in American fiction, and it is an **imperative**.",
    });
    expect(thread.replies.map((reply) => [reply.originalAuthor, reply.body])).toEqual([
      ["Starbuck", "Imperative, yes, but also an invitation: *call* him what you like."],
      ["Queequeg", "Fair point."],
    ]);
  });

  it("places a quote from another edition approximately and re-describes it from our text", () => {
    const thread = matched.get("b7Hc4Sx1Ee6kPQ2ZWRpdGk")!;
    expect(thread.status).toBe("fuzzy");
    expect(thread.score).toBeGreaterThanOrEqual(REANCHOR_ACCEPT_SIMILARITY);
    expect(passage(thread)).toBe(
      "Some years ago—never mind how long precisely—having little or no money in my purse",
    );
    expect(thread.anchor.exact).toBe(passage(thread));
  });

  it("resolves a repeated phrase by its prefix and suffix", () => {
    const thread = matched.get("c1Dd5Tx1Ee6Zx3cmVwZWF0")!;
    const text = paragraphText("p_2");
    expect(thread.anchor.paragraphId).toBe("p_2");
    expect(thread.anchor.start).toBe(text.lastIndexOf("I find myself"));
  });

  it("proposes a doubtful placement without matching it", () => {
    const entry = unmatched.get("d4Ee6Ux1Ee6dWJ0Zm9sZGVk")!;
    expect(entry.candidate?.anchor.paragraphId).toBe("p_3");
    expect(entry.candidate?.anchor.exact).toContain("Cato");
    expect(entry.candidate?.score).toBeLessThan(REANCHOR_ACCEPT_SIMILARITY);
  });

  it("falls back to the account name when there is no display name", () => {
    expect(unmatched.get("h8Ii0Yx1Ee6b3JwaGFucmU")?.originalAuthor).toBe("stubb@hypothes.is");
  });

  it("reads the client export shape { annotations } and a bare array the same way", () => {
    const rows = (hypothesisExport as { rows: unknown[] }).rows;
    expect(fromHypothesis({ export_date: "2024-03-09", annotations: rows }, CHAPTERS)).toEqual(
      result,
    );
    expect(fromHypothesis(rows, CHAPTERS)).toEqual(result);
  });

  it("refuses something that is not an annotation export", () => {
    expect(() => fromHypothesis({ hello: "world" }, CHAPTERS)).toThrow(AppError);
    expect(() => fromHypothesis("just a string", CHAPTERS)).toThrow(AppError);
  });

  it("skips an entry that is not an annotation with a reason, and reads the others", () => {
    const rows = (hypothesisExport as { rows: unknown[] }).rows;
    const result = fromHypothesis([{ nope: true }, ...rows, 42], CHAPTERS);
    const skipped = result.unmatched.filter((entry) => entry.reason === "not-an-annotation");
    expect(skipped.map((entry) => entry.originalId)).toEqual([
      "entry 0",
      `entry ${rows.length + 1}`,
    ]);
    expect(skipped.every((entry) => (entry.message ?? "").length > 0)).toBe(true);
    expect(result.matched.length).toBe(fromHypothesis(hypothesisExport, CHAPTERS).matched.length);
  });
});

describe("fromHypothesis - round trip of our Web Annotation export", () => {
  const exported = JSON.parse(
    JSON.stringify(toWebAnnotations({ text: TEXT, chapters: CHAPTERS, threads: THREADS })),
  ) as unknown;
  const result = fromHypothesis(exported, CHAPTERS);

  it("puts every thread with an opening message back on its exact anchor with its replies", () => {
    const expected = THREADS.filter(
      (thread) =>
        (thread.messages[0] && !thread.messages[0].deleted) ||
        thread.messages.slice(1).some((message) => !message.deleted),
    ).map((thread) => ({
      anchor: thread.anchor,
      status: "exact",
      body: thread.messages[0]!.deleted ? "" : thread.messages[0]!.body,
      createdAt: thread.createdAt,
      replies: thread.messages
        .slice(1)
        .filter((message) => !message.deleted)
        .map((message) => ({ body: message.body, createdAt: message.createdAt })),
    }));
    const actual = result.matched.map((thread) => ({
      anchor: thread.anchor,
      status: thread.status,
      body: thread.body,
      createdAt: thread.createdAt,
      replies: thread.replies.map((reply) => ({ body: reply.body, createdAt: reply.createdAt })),
    }));
    expect(actual).toEqual(expect.arrayContaining(expected));
    expect(actual).toHaveLength(expected.length);
  });

  it("keeps authors' names and the replies of a thread whose opening was deleted", () => {
    const ishmael = result.matched.find((thread) => thread.anchor.paragraphId === "p_1")!;
    expect(ishmael.originalAuthor).toBe("Ann Lee");
    expect(ishmael.replies.map((reply) => reply.originalAuthor)).toEqual([
      "Bob",
      "urn:marginalia:user:u_cy",
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.matched.find((thread) => thread.openingDeleted)).toMatchObject({
      body: "",
      anchor: { exact: "water-gazers" },
      replies: [expect.objectContaining({ body: "Still worth discussing." })],
    });
  });

  it("follows a paragraph that moved to another chapter, by quote", () => {
    const reorganised = [
      { id: "c_1", paragraphs: CHAPTERS[0]!.paragraphs.filter((p) => p.id !== "p_1") },
      { id: "c_9", paragraphs: [{ id: "p_new", text: `Prologue. ${paragraphText("p_1")}` }] },
    ];
    const moved = fromHypothesis(exported, reorganised).matched.find((thread) =>
      thread.body.startsWith("Why"),
    );
    expect(moved?.anchor).toMatchObject({
      chapterId: "c_9",
      paragraphId: "p_new",
      start: 10,
      exact: "Call me Ishmael.",
    });
    expect(moved?.status).toBe("moved");
  });
});
