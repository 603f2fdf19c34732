import { db } from "@/lib/db/prisma";
import { sessionSelect, toSessionView } from "@/lib/sessions/session-schemas";

/** The signed-in member's upcoming sessions across all their groups, soonest first. */
export async function listMyAgenda(userId: string, now = new Date(), limit = 100) {
  const rows = await db.discussionSession.findMany({
    where: { endsAt: { gte: now }, group: { memberships: { some: { userId } } } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      ...sessionSelect,
      group: { select: { id: true, name: true, timeZone: true, coverEmoji: true } },
    },
  });
  return rows.map((row) => ({ ...toSessionView(row, userId), group: row.group }));
}

export type AgendaEntry = Awaited<ReturnType<typeof listMyAgenda>>[number];
