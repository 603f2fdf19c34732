import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";
import { notify } from "@/lib/notifications/notify";
import {
  sessionSelect,
  toSessionView,
  ZCreateSessionInput,
  type SessionView,
} from "@/lib/sessions/session-schemas";
import {
  assertGroupChapters,
  assertGroupMembers,
  assertTimes,
  otherMemberIds,
  sessionPath,
} from "@/lib/sessions/session-support";

/**
 * Creates one discussion session (the caller has authorised `sessions.manage`). Its chapters
 * are assigned to everyone, due by the session, unless `assignChapters` is false. Members
 * are told.
 */
export async function createSession(access: GroupAccess, input: unknown): Promise<SessionView> {
  const data = parseInput(ZCreateSessionInput, input);
  assertTimes(data.startsAt, data.endsAt);
  const chapterIds = [...new Set(data.chapterIds ?? [])];
  const row = await db.$transaction(async (tx) => {
    await assertGroupChapters(tx, access.groupId, chapterIds);
    if (data.hostId) await assertGroupMembers(tx, access.groupId, [data.hostId], "hostId");
    const group = await tx.group.findUniqueOrThrow({
      where: { id: access.groupId },
      select: { timeZone: true },
    });
    const session = await tx.discussionSession.create({
      data: {
        groupId: access.groupId,
        title: data.title,
        description: data.description ?? "",
        startsAt: data.startsAt,
        endsAt: data.endsAt,
        timeZone: data.timeZone ?? group.timeZone,
        location: data.location ?? null,
        videoUrl: data.videoUrl ?? null,
        hostId: data.hostId ?? null,
        recap: data.recap ?? null,
        chapters: { create: chapterIds.map((chapterId, position) => ({ chapterId, position })) },
      },
      select: { id: true },
    });
    if (data.assignChapters !== false && chapterIds.length > 0) {
      await tx.assignment.createMany({
        data: chapterIds.map((chapterId) => ({
          groupId: access.groupId,
          chapterId,
          sessionId: session.id,
          createdById: access.userId,
        })),
      });
    }
    return tx.discussionSession.findUniqueOrThrow({
      where: { id: session.id },
      select: sessionSelect,
    });
  });
  await notify(await otherMemberIds(access.groupId, access.userId), {
    kind: "session.created",
    groupId: access.groupId,
    payload: {
      sessionId: row.id,
      title: `New session: ${row.title}`,
      startsAt: row.startsAt.toISOString(),
      url: sessionPath(access.groupId, row.id),
    },
  });
  await announceGroupChange({ type: "sessions-changed", groupId: access.groupId });
  return toSessionView(row, access.userId);
}
