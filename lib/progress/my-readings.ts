import { db } from "@/lib/db/prisma";
import { dueOf } from "@/lib/assignments/assignment-schemas";
import { chapterProgressView, isChapterRead } from "@/lib/reading-reach/chapter-read";

export type Reading = {
  assignmentId: string;
  group: { id: string; name: string };
  chapter: { id: string; title: string; textId: string; textTitle: string };
  session: { id: string; title: string } | null;
  dueAt: string | null;
  overdue: boolean;
  fraction: number;
  completed: boolean;
  paragraphId: string | null;
};

/**
 * What the member has to read, across their groups: chapters assigned to everyone or to them,
 * not yet marked read, soonest due first ("next"), and what they have finished ("done", latest
 * due first). Readings for cancelled sessions are left out.
 */
export async function myReadings(
  userId: string,
  now = new Date(),
): Promise<{ next: Reading[]; done: Reading[] }> {
  const assignments = await db.assignment.findMany({
    where: {
      group: { memberships: { some: { userId } } },
      OR: [{ forEveryone: true }, { members: { some: { userId } } }],
      NOT: { session: { status: "CANCELLED" } },
    },
    take: 2000,
    select: {
      id: true,
      dueAt: true,
      group: { select: { id: true, name: true } },
      chapter: {
        select: { id: true, title: true, index: true, text: { select: { id: true, title: true } } },
      },
      session: { select: { id: true, title: true, startsAt: true } },
    },
  });
  const progress = await db.readingProgress.findMany({
    where: { userId, chapterId: { in: assignments.map((assignment) => assignment.chapter.id) } },
    select: { chapterId: true, fraction: true, completedAt: true, paragraphId: true },
  });
  const byChapter = new Map(progress.map((row) => [row.chapterId, row]));
  // A chapter assigned twice (say, to a session and again by date) is one reading, the earliest.
  const seen = new Set<string>();
  const readings = assignments
    .map((assignment) => ({ assignment, due: dueOf(assignment) }))
    .sort(
      (a, b) =>
        (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity) ||
        a.assignment.chapter.index - b.assignment.chapter.index,
    )
    .filter(({ assignment }) => {
      if (seen.has(assignment.chapter.id)) return false;
      seen.add(assignment.chapter.id);
      return true;
    })
    .map(({ assignment, due }): Reading => {
      const row = byChapter.get(assignment.chapter.id);
      const completed = row ? isChapterRead(row) : false;
      return {
        assignmentId: assignment.id,
        group: assignment.group,
        chapter: {
          id: assignment.chapter.id,
          title: assignment.chapter.title,
          textId: assignment.chapter.text.id,
          textTitle: assignment.chapter.text.title,
        },
        session: assignment.session
          ? { id: assignment.session.id, title: assignment.session.title }
          : null,
        dueAt: due?.toISOString() ?? null,
        overdue: !completed && due !== null && due < now,
        fraction: row ? chapterProgressView(row).fraction : 0,
        completed,
        paragraphId: row?.paragraphId ?? null,
      };
    });
  return {
    next: readings.filter((reading) => !reading.completed),
    done: readings.filter((reading) => reading.completed).reverse(),
  };
}
