import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { notify } from "@/lib/notifications/notify";
import {
  assignmentSelect,
  toAssignmentView,
  ZCreateAssignmentsInput,
  type AssignmentView,
} from "@/lib/assignments/assignment-schemas";
import { assertGroupChapters, assertGroupMembers } from "@/lib/sessions/session-support";

/**
 * Assigns chapters to everyone or to chosen members (`assignments.manage`), one assignment per
 * chapter, due by a session, a date, or by default the next session that covers the chapter
 * (else the group's next session). The assignees are told.
 */
export async function createAssignments(
  access: GroupAccess,
  input: unknown,
  now = new Date(),
): Promise<AssignmentView[]> {
  const data = parseInput(ZCreateAssignmentsInput, input);
  const chapterIds = [...new Set(data.chapterIds)];
  const memberIds = [...new Set(data.memberIds ?? [])];
  const rows = await db.$transaction(async (tx) => {
    await assertGroupChapters(tx, access.groupId, chapterIds);
    await assertGroupMembers(tx, access.groupId, memberIds, "memberIds");
    if (data.sessionId) {
      const session = await tx.discussionSession.findFirst({
        where: { id: data.sessionId, groupId: access.groupId },
        select: { id: true },
      });
      if (!session)
        throw new AppError("bad_request", "Pick a session of this group", {
          sessionId: "Unknown session",
        });
    }
    const upcoming =
      data.sessionId || data.dueAt
        ? []
        : await tx.discussionSession.findMany({
            where: { groupId: access.groupId, status: "SCHEDULED", startsAt: { gt: now } },
            orderBy: { startsAt: "asc" },
            take: 200,
            select: { id: true, chapters: { select: { chapterId: true } } },
          });
    const ids: string[] = [];
    for (const chapterId of chapterIds) {
      const sessionId =
        data.sessionId ??
        (data.dueAt
          ? undefined
          : (upcoming.find((session) =>
              session.chapters.some((entry) => entry.chapterId === chapterId),
            )?.id ?? upcoming[0]?.id));
      if (!sessionId && !data.dueAt)
        throw new AppError("bad_request", "No session is planned: give a due date", {
          dueAt: "Pick a date (no upcoming session)",
        });
      const created = await tx.assignment.create({
        data: {
          groupId: access.groupId,
          chapterId,
          sessionId: sessionId ?? null,
          dueAt: sessionId ? null : (data.dueAt ?? null),
          forEveryone: memberIds.length === 0,
          createdById: access.userId,
          members: { create: memberIds.map((userId) => ({ userId })) },
        },
        select: { id: true },
      });
      ids.push(created.id);
    }
    return tx.assignment.findMany({
      where: { id: { in: ids } },
      orderBy: { createdAt: "asc" },
      select: assignmentSelect,
    });
  });
  const views = rows.map(toAssignmentView);
  const recipients =
    memberIds.length > 0
      ? memberIds
      : (
          await db.membership.findMany({
            where: { groupId: access.groupId },
            select: { userId: true },
          })
        ).map((member) => member.userId);
  const first = views[0];
  if (first) {
    await notify(
      recipients.filter((userId) => userId !== access.userId),
      {
        kind: "assignment.created",
        groupId: access.groupId,
        payload: {
          title:
            views.length === 1
              ? `To read: ${first.chapter.title}`
              : `To read: ${views.length} chapters, starting with ${first.chapter.title}`,
          ...(first.dueAt ? { dueAt: first.dueAt } : {}),
          url: "/readings",
        },
      },
    );
  }
  return views;
}
