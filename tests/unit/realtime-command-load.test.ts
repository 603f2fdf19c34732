import { describe, expect, it } from "vitest";
import { CommandLoad } from "@/lib/realtime/budgets/command-load";

const held = () => {
  let release: () => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    release = () => resolve("ran");
  });
  return { work: () => done, release };
};

describe("a document's command load", () => {
  it("refuses with busy, at once, a command beyond the document's queue; other documents are not affected", async () => {
    const load = new CommandLoad({
      perDocument: 100,
      documentQueue: 2,
      processQueue: 100,
      queueWaitMs: 5_000,
    });
    const first = held();
    const second = held();
    const running = [load.run("chapter:a", first.work), load.run("chapter:a", second.work)];
    await Promise.resolve();
    expect(await load.run("chapter:a", () => Promise.resolve("ran"))).toMatchObject({
      ok: false,
      error: "busy",
    });
    expect(await load.run("chapter:b", () => Promise.resolve("ran"))).toBe("ran");
    first.release();
    second.release();
    expect(await Promise.all(running)).toEqual(["ran", "ran"]);
    expect(load.inFlight).toBe(0);
    expect(await load.run("chapter:a", () => Promise.resolve("ran"))).toBe("ran");
  });

  it("bounds the whole process's commands too", async () => {
    const load = new CommandLoad({
      perDocument: 100,
      documentQueue: 10,
      processQueue: 1,
      queueWaitMs: 5_000,
    });
    const first = held();
    const running = load.run("chapter:a", first.work);
    await Promise.resolve();
    expect(await load.run("session:b", () => Promise.resolve("ran"))).toMatchObject({
      error: "busy",
      message: "The server is busy; try again in a moment.",
    });
    first.release();
    await running;
  });

  it("spends a document's budget per 10 s over all its members, and says when it comes back", async () => {
    const load = new CommandLoad({
      perDocument: 2,
      documentQueue: 10,
      processQueue: 100,
      queueWaitMs: 5_000,
    });
    const ok = () => Promise.resolve("ran");
    expect(await load.run("chapter:a", ok)).toBe("ran");
    expect(await load.run("chapter:a", ok)).toBe("ran");
    const refused = await load.run("chapter:a", ok);
    expect(refused).toMatchObject({ ok: false, error: "busy" });
    expect((refused as { message: string }).message).toMatch(/no more changes for \d+ s/);
  });

  it("a malformed document name takes no budget (executeCommand refuses it)", async () => {
    const load = new CommandLoad({
      perDocument: 1,
      documentQueue: 1,
      processQueue: 1,
      queueWaitMs: 5_000,
    });
    for (let i = 0; i < 3; i++)
      expect(await load.run("nonsense", () => Promise.resolve("ran"))).toBe("ran");
    expect(await load.run(42, () => Promise.resolve("ran"))).toBe("ran");
  });

  describe("a process's queue, in time it takes to drain", () => {
    const limits = { perDocument: 100_000, documentQueue: 10_000, processQueue: 10_000 };
    const ok = () => Promise.resolve("ran");

    /** A load on a clock the test moves, having finished `finished` commands just now. */
    async function loadThatFinished(finished: number) {
      let now = 1_000_000;
      const load = new CommandLoad({ ...limits, queueWaitMs: 5_000 }, () => now);
      for (let i = 0; i < finished; i++) await load.run(`chapter:warm-${i % 10}`, ok);
      return { load, advance: (ms: number) => (now += ms) };
    }

    async function holdCommands(load: CommandLoad, count: number) {
      const holds = Array.from({ length: count }, () => held());
      const running = holds.map((hold, i) => load.run(`chapter:d${i % 20}`, hold.work));
      await Promise.resolve();
      return { running, release: () => holds.forEach((hold) => hold.release()) };
    }

    it("refuses with busy once the commands ahead would take longer than the bound at the recent rate", async () => {
      // 50 finished in the 5 s window: 10 a second, so 5 s of work is 50 commands.
      const { load } = await loadThatFinished(50);
      const ahead = await holdCommands(load, 51);
      expect(load.inFlight).toBe(51);
      expect(await load.run("chapter:other", ok)).toMatchObject({
        error: "busy",
        message: "The server is busy; try again in a moment.",
      });
      ahead.release();
      await Promise.all(ahead.running);
      expect(await load.run("chapter:other", ok)).toBe("ran");
    });

    it("a process that finishes commands ten times faster takes ten times more in flight", async () => {
      const { load } = await loadThatFinished(500);
      const ahead = await holdCommands(load, 400);
      expect(await load.run("chapter:other", ok)).toBe("ran");
      ahead.release();
      await Promise.all(ahead.running);
    });

    it("when nothing finished lately, refuses once the oldest waiting command is older than the bound", async () => {
      const { load, advance } = await loadThatFinished(0);
      const ahead = await holdCommands(load, 20);
      advance(4_000);
      expect(await load.run("chapter:other", ok)).toBe("ran");
      advance(2_000);
      expect(await load.run("chapter:other", ok)).toMatchObject({ error: "busy" });
      ahead.release();
      await Promise.all(ahead.running);
    });

    it("a few commands in flight are always admitted, however slow the process", async () => {
      const { load, advance } = await loadThatFinished(1);
      const ahead = await holdCommands(load, 10);
      advance(60_000);
      expect(await load.run("chapter:other", ok)).toBe("ran");
      ahead.release();
      await Promise.all(ahead.running);
    });
  });
});
