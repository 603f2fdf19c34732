import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DecodePool, DEFAULT_DECODE_POOL_OPTIONS } from "@/lib/realtime/decode/decode-pool";
import { precheckUpdate } from "@/lib/realtime/decode/precheck-update";
import { validateAwarenessUpdate } from "@/lib/realtime/decode/validate-awareness-update";
import { validateUpdate } from "@/lib/realtime/decode/validate-update";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pool = new DecodePool({ ...DEFAULT_DECODE_POOL_OPTIONS, size: 1 });
afterAll(() => pool.close());

const limits = { maxBytes: 100_000, timeoutMs: 1_500, pool };

/**
 * yjs issue 687: a 27-byte v2 frame whose run-length counts make Y.decodeUpdateV2 loop without
 * end (still true of yjs 13.6.33). The protocol only speaks v1, but it is a real hostile frame to
 * prove that the worker is stopped and replaced.
 */
const HANGING_V2_FRAME = Uint8Array.from(
  Buffer.from("00010000000001000100010200001602000001fdffffffff7f0000", "hex"),
);

function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("threads").set("t1", new Y.Map([["body", "hello"]]));
  doc.getText("notes").insert(0, "some notes");
  return Y.encodeStateAsUpdate(doc);
}

describe("precheckUpdate", () => {
  it("refuses what is not bytes, too short, too large, or declares more than it sends", () => {
    expect(precheckUpdate("text", 10)).toMatchObject({ ok: false, code: "malformed" });
    expect(precheckUpdate(new Uint8Array([0]), 10)).toMatchObject({ ok: false, code: "malformed" });
    expect(precheckUpdate(new Uint8Array(11), 10)).toMatchObject({ ok: false, code: "too_large" });
    expect(precheckUpdate(new Uint8Array([0xff, 0xff, 0xff, 0x7f, 0, 0]), 100)).toMatchObject({
      code: "malformed",
    });
    expect(precheckUpdate(new Uint8Array([1, 0xff, 0xff, 0x7f, 0, 0]), 100)).toMatchObject({
      code: "malformed",
    });
    expect(precheckUpdate(realUpdate(), 100_000)).toEqual({ ok: true });
  });
});

describe("validateUpdate in the worker pool", () => {
  it("accepts a real update and the empty update", async () => {
    expect(await validateUpdate(realUpdate(), limits)).toEqual({ ok: true });
    expect(await validateUpdate(new Uint8Array([0, 0]), limits)).toEqual({ ok: true });
  });

  it("refuses a frame that passes the pre-check but does not decode", async () => {
    const garbage = Uint8Array.from([1, 1, 5, 0, 77, 88, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(precheckUpdate(garbage, 1000)).toEqual({ ok: true });
    expect(await validateUpdate(garbage, limits)).toMatchObject({ ok: false, code: "malformed" });
  });

  it("refuses an oversized update before any worker sees it", async () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "y".repeat(200_000));
    expect(await validateUpdate(Y.encodeStateAsUpdate(doc), limits)).toMatchObject({
      ok: false,
      code: "too_large",
    });
  });

  it("stops a hanging decode at the time limit, replaces the worker and keeps serving", async () => {
    const replacedBefore = pool.replaced;
    const started = performance.now();
    const outcome = await validateUpdate(HANGING_V2_FRAME, {
      ...limits,
      timeoutMs: 300,
      format: "v2",
    });
    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, code: "timeout" });
    expect(elapsed).toBeLessThan(3_000);
    expect(pool.replaced).toBe(replacedBefore + 1);
    // The event loop was free meanwhile, and the fresh worker decodes the next update.
    expect(await validateUpdate(realUpdate(), limits)).toEqual({ ok: true });
  });

  it("queues more updates than workers and answers each", async () => {
    const updates = Array.from({ length: 6 }, () => realUpdate());
    const outcomes = await Promise.all(updates.map((u) => validateUpdate(u, limits)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it("the worker also runs under tsx, outside vitest", async () => {
    const script = [
      'import { validateUpdate, closeSharedDecodePool } from "@/lib/realtime/decode/validate-update";',
      'import * as Y from "yjs";',
      "void (async () => {",
      'const d = new Y.Doc(); d.getText("t").insert(0, "hi");',
      "const good = await validateUpdate(Y.encodeStateAsUpdate(d), { maxBytes: 1e5, timeoutMs: 2000 });",
      "const bad = await validateUpdate(Uint8Array.from([1, 1, 5, 0, 77, 88, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9]), { maxBytes: 1e5, timeoutMs: 2000 });",
      "console.log(JSON.stringify([good.ok, bad.ok]));",
      "await closeSharedDecodePool();",
      "})();",
    ].join("\n");
    const { stdout } = await promisify(execFile)(
      `${root}node_modules/.bin/tsx`,
      ["--eval", script],
      {
        cwd: root,
        timeout: 30_000,
      },
    );
    expect(stdout.trim()).toBe("[true,false]");
  }, 40_000);
});

describe("validateAwarenessUpdate", () => {
  it("refuses a declared state length past the end of the frame", () => {
    expect(validateAwarenessUpdate(Uint8Array.from([1, 5, 1, 100, 123]))).toMatchObject({
      ok: false,
      code: "malformed",
    });
    expect(validateAwarenessUpdate(Uint8Array.from([0, 0]))).toMatchObject({
      ok: false,
      code: "malformed",
    });
    expect(validateAwarenessUpdate(Uint8Array.from([0]))).toEqual({ ok: true, entries: [] });
  });
});
