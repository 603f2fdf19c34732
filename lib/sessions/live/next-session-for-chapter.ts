import { db } from "@/lib/db/prisma";

export type TNextSession = { id: string; title: string; startsAt: string };

/**
 * The group's next session that reads this chapter: scheduled (not cancelled) and not ended yet,
 * the earliest start first. A session under way counts (threads can still be brought to it).
 */
export async function nextSessionForChapter(
  groupId: string,
  chapterId: string,
  now: Date = new Date(),
): Promise<TNextSession | null> {
  const session = await db.discussionSession.findFirst({
    where: {
      groupId,
      status: "SCHEDULED",
      endsAt: { gt: now },
      chapters: { some: { chapterId } },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, title: true, startsAt: true },
  });
  return session
    ? { id: session.id, title: session.title, startsAt: session.startsAt.toISOString() }
    : null;
}
