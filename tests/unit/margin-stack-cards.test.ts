import { describe, expect, it } from "vitest";
import { stackCards } from "@/app/_components/margin/stack-cards";

describe("stackCards", () => {
  it("puts each card level with its passage when there is room", () => {
    const placed = stackCards([
      { id: "a", desiredTop: 0, height: 50 },
      { id: "b", desiredTop: 200, height: 50 },
    ]);
    expect(Object.fromEntries(placed)).toEqual({ a: 0, b: 200 });
  });

  it("places no card above the floor (the margin's status line), and stacks below it", () => {
    const placed = stackCards(
      [
        { id: "top", desiredTop: 0, height: 50 },
        { id: "next", desiredTop: 20, height: 50 },
        { id: "far", desiredTop: 300, height: 50 },
      ],
      8,
      32,
    );
    expect(Object.fromEntries(placed)).toEqual({ top: 32, next: 90, far: 300 });
  });

  it("stacks close cards below one another without overlap, in passage order", () => {
    const placed = stackCards(
      [
        { id: "late", desiredTop: 30, height: 40 },
        { id: "early", desiredTop: 10, height: 100 },
        { id: "third", desiredTop: 40, height: 10 },
      ],
      8,
    );
    expect(Object.fromEntries(placed)).toEqual({ early: 10, late: 118, third: 166 });
  });

  it("keeps cards that share a passage in a stable order", () => {
    const first = stackCards([
      { id: "b", desiredTop: 5, height: 10 },
      { id: "a", desiredTop: 5, height: 10 },
    ]);
    expect([...first.entries()]).toEqual([
      ["a", 5],
      ["b", 23],
    ]);
  });
});
