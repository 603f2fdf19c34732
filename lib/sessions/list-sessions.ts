import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";
import {
  sessionSelect,
  toSessionView,
  ZInstant,
  type SessionView,
} from "@/lib/sessions/session-schemas";

export const ZListSessionsQuery = z
  .object({
    /** upcoming: not yet ended, soonest first; past: ended, latest first; all: by start. */
    range: z.enum(["upcoming", "past", "all"]).default("all"),
    /** Sessions starting in [from, to), e.g. one month of the calendar. */
    from: ZInstant.optional(),
    to: ZInstant.optional(),
  })
  .strict();

const LIMIT = 500;

/** A group's sessions, cancelled ones included (marked), for members (`sessions.view`). */
export async function listSessions(
  access: GroupAccess,
  query: unknown = {},
  now = new Date(),
): Promise<SessionView[]> {
  const { range, from, to } = parseInput(ZListSessionsQuery, query);
  const rows = await db.discussionSession.findMany({
    where: {
      groupId: access.groupId,
      ...(range === "upcoming" ? { endsAt: { gte: now } } : {}),
      ...(range === "past" ? { endsAt: { lt: now } } : {}),
      ...(from || to
        ? { startsAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } }
        : {}),
    },
    orderBy: [{ startsAt: range === "past" ? "desc" : "asc" }, { id: "asc" }],
    take: LIMIT,
    select: sessionSelect,
  });
  return rows.map((row) => toSessionView(row, access.userId));
}
