import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { planSeries } from "@/lib/sessions/schedule/plan-series";
import { shiftFollowingSessions } from "@/lib/sessions/schedule/shift-series";

function weeklySeries(timeZone: string, startDate: string, count: number) {
  return planSeries({
    chapters: Array.from({ length: count }, (_, i) => ({
      id: `c${i}`,
      title: `C${i}`,
      wordCount: 1,
    })),
    mode: { kind: "chapters", perSession: 1 },
    weekdays: [4],
    startTime: "19:30",
    durationMinutes: 90,
    timeZone,
    startDate,
  }).map((s) => ({ id: `s${s.index}`, startsAt: s.startsAt, endsAt: s.endsAt }));
}

const localOf = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone }).toFormat("ccc yyyy-LL-dd HH:mm");

describe("shiftFollowingSessions", () => {
  test("moving a session shifts it and all later ones by the same local delta across the March change", () => {
    // Thursdays 12, 19, 26 Mar and 2 Apr 2026 at 19:30 London; BST starts 29 Mar.
    const sessions = weeklySeries("Europe/London", "2026-03-12", 4);
    const shifted = shiftFollowingSessions(
      sessions,
      "s2",
      "2026-03-20T20:00:00Z",
      "Europe/London",
      "same-delta-local",
    );
    expect(shifted.map((s) => s.id)).toEqual(["s2", "s3", "s4"]);
    expect(shifted.map((s) => localOf(s.startsAt, "Europe/London"))).toEqual([
      "Fri 2026-03-20 20:00",
      "Fri 2026-03-27 20:00",
      "Fri 2026-04-03 20:00",
    ]);
    expect(shifted.map((s) => s.startsAt)).toEqual([
      "2026-03-20T20:00:00Z",
      "2026-03-27T20:00:00Z",
      "2026-04-03T19:00:00Z",
    ]);
    for (const s of shifted) {
      expect(DateTime.fromISO(s.endsAt).diff(DateTime.fromISO(s.startsAt), "minutes").minutes).toBe(
        90,
      );
    }
  });

  test("postponing a week across the November change in New York keeps 19:30 local", () => {
    // Thursdays 22 Oct, 29 Oct, 5 Nov 2026 at 19:30 New York; EST starts 1 Nov.
    const sessions = weeklySeries("America/New_York", "2026-10-22", 3);
    const newStart =
      DateTime.fromISO("2026-10-29T19:30", { zone: "America/New_York" }).toUTC().toISO() ?? "";
    const shifted = shiftFollowingSessions(
      sessions,
      "s1",
      newStart,
      "America/New_York",
      "same-delta-local",
    );
    expect(shifted.map((s) => localOf(s.startsAt, "America/New_York"))).toEqual([
      "Thu 2026-10-29 19:30",
      "Thu 2026-11-05 19:30",
      "Thu 2026-11-12 19:30",
    ]);
    expect(shifted[1]?.startsAt).toBe("2026-11-06T00:30:00Z");
  });

  test("earlier sessions are left out and input order does not matter", () => {
    const sessions = weeklySeries("Europe/London", "2026-03-12", 4).reverse();
    const shifted = shiftFollowingSessions(
      sessions,
      "s3",
      "2026-03-26T18:00:00Z",
      "Europe/London",
      "same-delta-local",
    );
    expect(shifted.map((s) => s.id)).toEqual(["s3", "s4"]);
    expect(shifted.map((s) => localOf(s.startsAt, "Europe/London"))).toEqual([
      "Thu 2026-03-26 18:00",
      "Thu 2026-04-02 18:00",
    ]);
  });

  test("an unknown session id is not found", () => {
    const sessions = weeklySeries("Europe/London", "2026-03-12", 2);
    expect(() =>
      shiftFollowingSessions(sessions, "nope", "2026-03-20T20:00:00Z", "Europe/London"),
    ).toThrow(AppError);
  });

  test("a new start without a time zone offset is refused", () => {
    const sessions = weeklySeries("Europe/London", "2026-03-12", 2);
    expect(() =>
      shiftFollowingSessions(sessions, "s1", "2026-03-20T20:00", "Europe/London"),
    ).toThrow(AppError);
  });
});
