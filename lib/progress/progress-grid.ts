import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { dueOf } from "@/lib/assignments/assignment-schemas";
import { chapterProgressView } from "@/lib/reading-reach/chapter-read";

export type ProgressCell = {
  /** 0..1, the furthest point read; 1 once marked read. */
  fraction: number;
  completed: boolean;
} | null;

type Assigned = { forEveryone: boolean; memberIds: Set<string> };

function assignedTo(assignments: readonly Assigned[], userId: string): boolean {
  return assignments.some((entry) => entry.forEveryone || entry.memberIds.has(userId));
}

/**
 * Who has read what (`progress.view-all`): members × the group's assigned chapters (in due
 * order), each cell the member's progress, or "not assigned" (`assigned: false`). Also the
 * group's next session and which members have not started a chapter due by it.
 */
export async function progressGrid(access: GroupAccess, now = new Date()) {
  const [assignments, members, nextSession] = await Promise.all([
    db.assignment.findMany({
      where: {
        groupId: access.groupId,
        OR: [{ session: null }, { session: { status: "SCHEDULED" } }],
      },
      select: {
        chapterId: true,
        sessionId: true,
        dueAt: true,
        forEveryone: true,
        chapter: {
          select: {
            id: true,
            title: true,
            index: true,
            text: { select: { id: true, title: true } },
          },
        },
        session: { select: { startsAt: true } },
        members: { select: { userId: true } },
      },
    }),
    db.membership.findMany({
      where: { groupId: access.groupId },
      select: { user: { select: { id: true, name: true } } },
    }),
    db.discussionSession.findFirst({
      where: { groupId: access.groupId, status: "SCHEDULED", startsAt: { gt: now } },
      orderBy: { startsAt: "asc" },
      select: { id: true, title: true, startsAt: true },
    }),
  ]);

  // One column per chapter, placed at its earliest due date.
  const columns = new Map<
    string,
    {
      chapterId: string;
      title: string;
      textId: string;
      textTitle: string;
      index: number;
      dueAt: Date | null;
      assignments: Assigned[];
    }
  >();
  for (const assignment of assignments) {
    const due = dueOf(assignment);
    const column = columns.get(assignment.chapterId) ?? {
      chapterId: assignment.chapter.id,
      title: assignment.chapter.title,
      textId: assignment.chapter.text.id,
      textTitle: assignment.chapter.text.title,
      index: assignment.chapter.index,
      dueAt: due,
      assignments: [],
    };
    if (due && (!column.dueAt || due < column.dueAt)) column.dueAt = due;
    column.assignments.push({
      forEveryone: assignment.forEveryone,
      memberIds: new Set(assignment.members.map((member) => member.userId)),
    });
    columns.set(assignment.chapterId, column);
  }
  const ordered = [...columns.values()].sort(
    (a, b) =>
      (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
      a.textTitle.localeCompare(b.textTitle) ||
      a.index - b.index,
  );

  const userIds = members.map((member) => member.user.id);
  const progress = await db.readingProgress.findMany({
    where: {
      userId: { in: userIds },
      chapterId: { in: ordered.map((column) => column.chapterId) },
    },
    select: { userId: true, chapterId: true, fraction: true, completedAt: true },
  });
  const progressOf = new Map(progress.map((row) => [`${row.userId}:${row.chapterId}`, row]));
  const cellOf = (userId: string, chapterId: string): ProgressCell => {
    const row = progressOf.get(`${userId}:${chapterId}`);
    if (!row) return null;
    return chapterProgressView(row);
  };

  const rows = members
    .map(({ user }) => ({
      userId: user.id,
      name: user.name,
      cells: ordered.map((column) => ({
        chapterId: column.chapterId,
        assigned: assignedTo(column.assignments, user.id),
        progress: cellOf(user.id, column.chapterId),
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const dueNext = nextSession
    ? assignments.filter((assignment) => assignment.sessionId === nextSession.id)
    : [];
  const notStarted = nextSession
    ? rows.flatMap((row) => {
        const chapters = dueNext
          .filter(
            (assignment) =>
              assignment.forEveryone ||
              assignment.members.some((member) => member.userId === row.userId),
          )
          .filter((assignment) => {
            const cell = cellOf(row.userId, assignment.chapterId);
            return !cell || (!cell.completed && cell.fraction <= 0);
          })
          .map((assignment) => ({ id: assignment.chapterId, title: assignment.chapter.title }));
        return chapters.length > 0 ? [{ userId: row.userId, name: row.name, chapters }] : [];
      })
    : [];

  return {
    columns: ordered.map(({ assignments: _assignments, dueAt, ...column }) => ({
      ...column,
      dueAt: dueAt?.toISOString() ?? null,
    })),
    rows,
    nextSession: nextSession
      ? { ...nextSession, startsAt: nextSession.startsAt.toISOString(), notStarted }
      : null,
  };
}

export type ProgressGrid = Awaited<ReturnType<typeof progressGrid>>;
