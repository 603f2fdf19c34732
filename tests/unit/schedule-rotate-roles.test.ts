import { describe, expect, test } from "vitest";
import { rotateRoles, SESSION_ROLES } from "@/lib/sessions/schedule/rotate-roles";

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe("rotateRoles", () => {
  test("every member holds each role as evenly as possible (counts differ by at most one)", () => {
    for (let members = 1; members <= 9; members++) {
      for (let sessions = 0; sessions <= 20; sessions++) {
        const memberIds = ids("u", members);
        const assignments = rotateRoles({ sessionIds: ids("s", sessions), memberIds });
        expect(assignments).toHaveLength(sessions * SESSION_ROLES.length);
        for (const role of SESSION_ROLES) {
          const counts = memberIds.map(
            (m) => assignments.filter((a) => a.role === role && a.userId === m).length,
          );
          expect(
            Math.max(...counts) - Math.min(...counts),
            `${members} members, ${sessions} sessions, ${role}`,
          ).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  test("no member holds two roles in one session when there are enough members", () => {
    for (let members = SESSION_ROLES.length; members <= 9; members++) {
      const assignments = rotateRoles({ sessionIds: ids("s", 15), memberIds: ids("u", members) });
      for (const sessionId of ids("s", 15)) {
        const holders = assignments.filter((a) => a.sessionId === sessionId).map((a) => a.userId);
        expect(new Set(holders).size).toBe(SESSION_ROLES.length);
      }
    }
  });

  test("with fewer members than roles, every role is still filled", () => {
    const assignments = rotateRoles({ sessionIds: ids("s", 4), memberIds: ["ann", "bob"] });
    expect(assignments.filter((a) => a.sessionId === "s1").map((a) => [a.role, a.userId])).toEqual([
      ["lead", "ann"],
      ["summariser", "bob"],
      ["questions", "ann"],
    ]);
  });

  test("is deterministic and an offset continues an earlier rotation", () => {
    const memberIds = ids("u", 5);
    const whole = rotateRoles({ sessionIds: ids("s", 10), memberIds });
    expect(rotateRoles({ sessionIds: ids("s", 10), memberIds })).toEqual(whole);
    const first = rotateRoles({ sessionIds: ids("s", 10).slice(0, 4), memberIds });
    const rest = rotateRoles({ sessionIds: ids("s", 10).slice(4), memberIds, offset: 4 });
    expect([...first, ...rest]).toEqual(whole);
  });

  test("no members means no assignments", () => {
    expect(rotateRoles({ sessionIds: ["s1"], memberIds: [] })).toEqual([]);
  });
});
