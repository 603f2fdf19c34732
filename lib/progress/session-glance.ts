import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { myChapterProgress } from "@/lib/progress/my-chapter-progress";
import { sessionSelect, toSessionView } from "@/lib/sessions/session-schemas";

/**
 * The group home's one glance: the next session, what to read for it (its chapters and the
 * readings due by it) with the member's own progress on each, and the member's RSVP.
 */
export async function nextSessionGlance(access: GroupAccess, now = new Date()) {
  const row = await db.discussionSession.findFirst({
    where: { groupId: access.groupId, status: "SCHEDULED", endsAt: { gte: now } },
    orderBy: { startsAt: "asc" },
    select: sessionSelect,
  });
  if (!row) return null;
  const session = toSessionView(row, access.userId);
  const assigned = await db.assignment.findMany({
    where: {
      sessionId: row.id,
      OR: [{ forEveryone: true }, { members: { some: { userId: access.userId } } }],
    },
    select: {
      chapter: { select: { id: true, title: true, text: { select: { id: true, title: true } } } },
    },
  });
  const chapters = new Map(
    session.chapters.map((chapter) => [
      chapter.id,
      {
        id: chapter.id,
        title: chapter.title,
        textId: chapter.textId,
        textTitle: chapter.textTitle,
      },
    ]),
  );
  for (const { chapter } of assigned)
    if (!chapters.has(chapter.id))
      chapters.set(chapter.id, {
        id: chapter.id,
        title: chapter.title,
        textId: chapter.text.id,
        textTitle: chapter.text.title,
      });
  const progress = await myChapterProgress(access.userId, [...chapters.keys()]);
  const reading = [...chapters.values()].map((chapter) => ({
    ...chapter,
    fraction: progress.get(chapter.id)?.fraction ?? 0,
    completed: progress.get(chapter.id)?.completed ?? false,
  }));
  return { session, reading };
}
