import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { planSeries } from "@/lib/sessions/schedule/plan-series";
import type { TPlanChapter, TPlanSeriesInput } from "@/lib/sessions/schedule/plan-series";

function chapters(wordCounts: number[]): TPlanChapter[] {
  return wordCounts.map((wordCount, i) => ({
    id: `c${i + 1}`,
    title: `Title ${i + 1}`,
    wordCount,
  }));
}

function plan(overrides: Partial<TPlanSeriesInput>) {
  return planSeries({
    chapters: chapters([1000, 1000, 1000, 1000, 1000]),
    mode: { kind: "chapters", perSession: 1 },
    weekdays: [4],
    startTime: "19:30",
    durationMinutes: 90,
    timeZone: "Europe/London",
    startDate: "2026-03-02",
    ...overrides,
  });
}

function local(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd HH:mm ZZ");
}

describe("planSeries - chapters per session", () => {
  test("splits chapters in order, with a short last session", () => {
    const sessions = plan({ mode: { kind: "chapters", perSession: 2 } });
    expect(sessions.map((s) => s.chapterIds)).toEqual([["c1", "c2"], ["c3", "c4"], ["c5"]]);
    expect(sessions.map((s) => s.title)).toEqual([
      "Session 1: Chapters 1–2",
      "Session 2: Chapters 3–4",
      "Session 3: Chapter 5",
    ]);
    expect(sessions.map((s) => s.index)).toEqual([1, 2, 3]);
  });

  test("title template can use chapter titles and explicit chapter numbers", () => {
    const sessions = plan({
      chapters: [
        { id: "a", title: "Loomings", wordCount: 10, number: 1 },
        { id: "b", title: "The Carpet-Bag", wordCount: 10, number: 2 },
        { id: "c", title: "The Spouter-Inn", wordCount: 10, number: 3 },
      ],
      mode: { kind: "chapters", perSession: 2 },
      titleTemplate: "Week {n} ({chapters}): {titles}",
    });
    expect(sessions.map((s) => s.title)).toEqual([
      "Week 1 (Chapters 1–2): Loomings, The Carpet-Bag",
      "Week 2 (Chapter 3): The Spouter-Inn",
    ]);
  });

  test("meets on two weekdays (Tue and Thu) from the start date", () => {
    const sessions = plan({ weekdays: [2, 4], chapters: chapters([1, 1, 1, 1]) });
    expect(sessions.map((s) => s.localDate)).toEqual([
      "2026-03-03",
      "2026-03-05",
      "2026-03-10",
      "2026-03-12",
    ]);
    expect(sessions[0]).toMatchObject({
      startsAt: "2026-03-03T19:30:00Z",
      endsAt: "2026-03-03T21:00:00Z",
    });
  });

  test("skip dates are passed over and the series runs on", () => {
    const sessions = plan({
      weekdays: [2, 4],
      chapters: chapters([1, 1, 1]),
      skipDates: ["2026-03-05", "2026-03-10"],
    });
    expect(sessions.map((s) => s.localDate)).toEqual(["2026-03-03", "2026-03-12", "2026-03-17"]);
  });

  test("the start date itself counts when it is a meeting day", () => {
    expect(plan({ startDate: "2026-03-05", chapters: chapters([1]) })[0]?.localDate).toBe(
      "2026-03-05",
    );
  });
});

describe("planSeries - balanced by word count", () => {
  test("groups short chapters to the target and gives a long chapter its own session", () => {
    const sessions = plan({
      chapters: chapters([3000, 3000, 4000, 12000, 2000, 2000, 2000, 5000]),
      mode: { kind: "words", perSession: 6000 },
    });
    expect(sessions.map((s) => s.chapterIds)).toEqual([
      ["c1", "c2"],
      ["c3"],
      ["c4"],
      ["c5", "c6", "c7"],
      ["c8"],
    ]);
  });

  test("a long chapter is alone even when a short one before it would fit", () => {
    const sessions = plan({
      chapters: chapters([500, 9000, 500]),
      mode: { kind: "words", perSession: 6000 },
    });
    expect(sessions.map((s) => s.chapterIds)).toEqual([["c1"], ["c2"], ["c3"]]);
  });

  test("the split is the best possible one, never reorders, and isolates long chapters (exhaustive check)", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(random() * 9);
      const words = Array.from({ length: n }, () => Math.floor(random() * 9000));
      const target = 2000 + Math.floor(random() * 6000);
      const sessions = plan({
        chapters: chapters(words),
        mode: { kind: "words", perSession: target },
      });
      const ids = sessions.flatMap((s) => s.chapterIds);
      expect(ids).toEqual(words.map((_, i) => `c${i + 1}`));
      for (const s of sessions) {
        const sizes = s.chapterIds.map((id) => words[Number(id.slice(1)) - 1] ?? 0);
        if (sizes.length > 1) expect(Math.max(...sizes)).toBeLessThan(target);
      }
      const cost = (groups: number[][]) =>
        groups.reduce((sum, g) => sum + (g.reduce((a, b) => a + b, 0) - target) ** 2, 0);
      const got = cost(
        sessions.map((s) => s.chapterIds.map((id) => words[Number(id.slice(1)) - 1] ?? 0)),
      );
      expect(got).toBe(bestCostByBruteForce(words, target, cost));
    }
  });
});

function bestCostByBruteForce(
  words: number[],
  target: number,
  cost: (groups: number[][]) => number,
): number {
  let best = Infinity;
  for (let mask = 0; mask < 2 ** (words.length - 1); mask++) {
    const groups: number[][] = [[]];
    words.forEach((w, i) => {
      if (i > 0 && mask & (1 << (i - 1))) groups.push([]);
      groups.at(-1)?.push(w);
    });
    if (groups.some((g) => g.length > 1 && Math.max(...g) >= target)) continue;
    best = Math.min(best, cost(groups));
  }
  return best;
}

describe("planSeries - daylight saving keeps the local meeting time", () => {
  test("Europe/London, March change: 19:30 GMT then 19:30 BST", () => {
    const sessions = plan({ startDate: "2026-03-19", chapters: chapters([1, 1, 1]) });
    expect(sessions.map((s) => s.startsAt)).toEqual([
      "2026-03-19T19:30:00Z",
      "2026-03-26T19:30:00Z",
      "2026-04-02T18:30:00Z",
    ]);
    expect(sessions.map((s) => local(s.startsAt, "Europe/London"))).toEqual([
      "2026-03-19 19:30 +00:00",
      "2026-03-26 19:30 +00:00",
      "2026-04-02 19:30 +01:00",
    ]);
  });

  test("Europe/London, October change: 19:30 BST then 19:30 GMT", () => {
    const sessions = plan({ startDate: "2026-10-22", chapters: chapters([1, 1]) });
    expect(sessions.map((s) => s.startsAt)).toEqual([
      "2026-10-22T18:30:00Z",
      "2026-10-29T19:30:00Z",
    ]);
    expect(sessions.map((s) => s.endsAt)).toEqual(["2026-10-22T20:00:00Z", "2026-10-29T21:00:00Z"]);
  });

  test("America/New_York, March change: 19:30 EST then 19:30 EDT, local date kept", () => {
    const sessions = plan({
      timeZone: "America/New_York",
      startDate: "2026-03-05",
      chapters: chapters([1, 1]),
    });
    expect(sessions.map((s) => s.startsAt)).toEqual([
      "2026-03-06T00:30:00Z",
      "2026-03-12T23:30:00Z",
    ]);
    expect(sessions.map((s) => s.localDate)).toEqual(["2026-03-05", "2026-03-12"]);
    expect(sessions.map((s) => local(s.startsAt, "America/New_York"))).toEqual([
      "2026-03-05 19:30 -05:00",
      "2026-03-12 19:30 -04:00",
    ]);
  });

  test("America/New_York, November change: 19:30 EDT then 19:30 EST", () => {
    const sessions = plan({
      timeZone: "America/New_York",
      startDate: "2026-10-29",
      chapters: chapters([1, 1]),
    });
    expect(sessions.map((s) => s.startsAt)).toEqual([
      "2026-10-29T23:30:00Z",
      "2026-11-06T00:30:00Z",
    ]);
    expect(sessions.map((s) => s.localDate)).toEqual(["2026-10-29", "2026-11-05"]);
  });

  test("spring gap: a start time that does not exist moves forward by the gap (London 01:30 → 02:30 BST)", () => {
    const sessions = plan({
      weekdays: [7],
      startTime: "01:30",
      startDate: "2026-03-22",
      chapters: chapters([1, 1, 1]),
    });
    expect(sessions.map((s) => local(s.startsAt, "Europe/London"))).toEqual([
      "2026-03-22 01:30 +00:00",
      "2026-03-29 02:30 +01:00",
      "2026-04-05 01:30 +01:00",
    ]);
    expect(sessions[1]).toMatchObject({ localDate: "2026-03-29", endsAt: "2026-03-29T03:00:00Z" });
  });

  test("spring gap in New York: 02:30 → 03:30 EDT", () => {
    const sessions = plan({
      timeZone: "America/New_York",
      weekdays: [7],
      startTime: "02:30",
      startDate: "2026-03-08",
      chapters: chapters([1]),
    });
    expect(sessions[0]?.startsAt).toBe("2026-03-08T07:30:00Z");
    expect(local(sessions[0]?.startsAt ?? "", "America/New_York")).toBe("2026-03-08 03:30 -04:00");
  });

  test("a repeated autumn time takes the earlier occurrence", () => {
    const london = plan({
      weekdays: [7],
      startTime: "01:30",
      startDate: "2026-10-25",
      chapters: chapters([1]),
    });
    expect(london[0]?.startsAt).toBe("2026-10-25T00:30:00Z");
    const newYork = plan({
      timeZone: "America/New_York",
      weekdays: [7],
      startTime: "01:30",
      startDate: "2026-11-01",
      chapters: chapters([1]),
    });
    expect(newYork[0]?.startsAt).toBe("2026-11-01T05:30:00Z");
  });
});

describe("planSeries - validation", () => {
  test("an unknown time zone, bad date and bad time are refused with field messages", () => {
    let caught: unknown;
    try {
      plan({ timeZone: "Europe/Atlantis", startDate: "2026-02-30", startTime: "25:00" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe("bad_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["startDate", "startTime", "timeZone"]);
  });

  test("no weekdays or no chapters is refused", () => {
    expect(() => plan({ weekdays: [] })).toThrow(AppError);
    expect(() => plan({ chapters: [] })).toThrow(AppError);
  });
});
