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
    const load = new CommandLoad({ perDocument: 100, documentQueue: 2, processQueue: 100 });
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
    const load = new CommandLoad({ perDocument: 100, documentQueue: 10, processQueue: 1 });
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
    const load = new CommandLoad({ perDocument: 2, documentQueue: 10, processQueue: 100 });
    const ok = () => Promise.resolve("ran");
    expect(await load.run("chapter:a", ok)).toBe("ran");
    expect(await load.run("chapter:a", ok)).toBe("ran");
    const refused = await load.run("chapter:a", ok);
    expect(refused).toMatchObject({ ok: false, error: "busy" });
    expect((refused as { message: string }).message).toMatch(/no more changes for \d+ s/);
  });

  it("a malformed document name takes no budget (executeCommand refuses it)", async () => {
    const load = new CommandLoad({ perDocument: 1, documentQueue: 1, processQueue: 1 });
    for (let i = 0; i < 3; i++)
      expect(await load.run("nonsense", () => Promise.resolve("ran"))).toBe("ran");
    expect(await load.run(42, () => Promise.resolve("ran"))).toBe("ran");
  });
});
