import { db } from "@/lib/db/prisma";

/** How many sessions of this session's series start after it (what a move can take along). */
export async function countFollowingSessions(sessionId: string): Promise<number> {
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { seriesId: true, startsAt: true },
  });
  if (!session.seriesId) return 0;
  return db.discussionSession.count({
    where: { seriesId: session.seriesId, startsAt: { gt: session.startsAt } },
  });
}
