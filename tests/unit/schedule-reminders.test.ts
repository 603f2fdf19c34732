import { describe, expect, test } from "vitest";
import { dueReminders } from "@/lib/sessions/reminders/due-reminders";
import type {
  ReminderKey,
  ReminderRsvp,
  ReminderSession,
} from "@/lib/sessions/reminders/due-reminders";

const session: ReminderSession = {
  id: "s1",
  startsAt: "2026-03-03T19:30:00Z",
  memberIds: ["ann", "bob", "cat"],
};

/** Runs the job every `stepMinutes` from `from` to `to`, storing what it creates, as the caller would. */
function simulate(
  from: string,
  to: string,
  stepMinutes: number,
  sessions: ReminderSession[],
  rsvps: ReminderRsvp[],
) {
  const stored: ReminderKey[] = [];
  const keys = new Set<string>();
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepMinutes * 60_000) {
    for (const reminder of dueReminders(new Date(t), sessions, rsvps, stored)) {
      expect(keys.has(reminder.key)).toBe(false);
      keys.add(reminder.key);
      stored.push(reminder);
    }
  }
  return stored;
}

describe("dueReminders", () => {
  test("nothing is due more than 24 hours ahead", () => {
    expect(dueReminders("2026-03-02T19:29:00Z", [session], [], [])).toEqual([]);
  });

  test("the 24h reminder goes to each member who has not declined", () => {
    const rsvps: ReminderRsvp[] = [
      { sessionId: "s1", userId: "bob", status: "declined" },
      { sessionId: "s1", userId: "cat", status: "maybe" },
    ];
    const due = dueReminders("2026-03-02T19:30:00Z", [session], rsvps, []);
    expect(due.map((r) => [r.userId, r.kind, r.dueAt])).toEqual([
      ["ann", "24h", "2026-03-02T19:30:00.000Z"],
      ["cat", "24h", "2026-03-02T19:30:00.000Z"],
    ]);
    expect(due[0]?.key).toBe("s1:ann:24h");
  });

  test("running every 5 minutes across a day sends each kind once per member, never to decliners", () => {
    const rsvps: ReminderRsvp[] = [{ sessionId: "s1", userId: "bob", status: "declined" }];
    const stored = simulate("2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z", 5, [session], rsvps);
    expect(stored.map((r) => `${r.userId}:${r.kind}`).sort()).toEqual([
      "ann:1h",
      "ann:24h",
      "cat:1h",
      "cat:24h",
    ]);
  });

  test("is idempotent: what was already sent is not returned again", () => {
    const now = "2026-03-03T18:45:00Z";
    const first = dueReminders(now, [session], [], []);
    expect(first.map((r) => r.kind)).toEqual(["1h", "1h", "1h"]);
    expect(dueReminders(now, [session], [], first)).toEqual([]);
  });

  test("a late run sends only the nearest reminder, and the skipped 24h one never follows", () => {
    const stored = simulate("2026-03-03T19:00:00Z", "2026-03-03T20:00:00Z", 5, [session], []);
    expect(stored.map((r) => r.kind)).toEqual(["1h", "1h", "1h"]);
  });

  test("cancelled and started sessions get no reminders", () => {
    expect(dueReminders("2026-03-03T19:00:00Z", [{ ...session, cancelled: true }], [], [])).toEqual(
      [],
    );
    expect(dueReminders("2026-03-03T19:30:00Z", [session], [], [])).toEqual([]);
  });

  test("a member listed twice gets one reminder", () => {
    const due = dueReminders(
      "2026-03-03T19:00:00Z",
      [{ ...session, memberIds: ["ann", "ann"] }],
      [],
      [],
    );
    expect(due).toHaveLength(1);
  });
});
