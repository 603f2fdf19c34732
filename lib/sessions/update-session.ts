import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { notify } from "@/lib/notifications/notify";
import { shiftFollowingSessions } from "@/lib/sessions/schedule/shift-series";
import {
  sessionSelect,
  toSessionView,
  ZUpdateSessionInput,
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
 * Edits a session (the caller has authorised `sessions.manage` on it). Every edit bumps the
 * ICS SEQUENCE so subscribed calendars replace their copy. When the start moves and
 * `shiftFollowing` is set, the later sessions of its series move by the same wall-clock amount
 * in the session's zone (shiftFollowingSessions), each with its own SEQUENCE bump, in the same
 * transaction. Members are told when the time or place changes.
 */
export async function updateSession(
  access: GroupAccess,
  sessionId: string,
  input: unknown,
): Promise<{ session: SessionView; shifted: string[] }> {
  const data = parseInput(ZUpdateSessionInput, input);
  const { row, shifted, moved } = await db.$transaction(async (tx) => {
    const current = await tx.discussionSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: {
        id: true,
        status: true,
        seriesId: true,
        startsAt: true,
        endsAt: true,
        timeZone: true,
        location: true,
        videoUrl: true,
      },
    });
    if (current.status === "CANCELLED")
      throw new AppError("conflict", "This session was cancelled; plan a new one instead");
    const startsAt = data.startsAt ?? current.startsAt;
    // Moving the start alone keeps the session's length.
    const endsAt =
      data.endsAt ??
      (data.startsAt
        ? new Date(startsAt.getTime() + current.endsAt.getTime() - current.startsAt.getTime())
        : current.endsAt);
    assertTimes(startsAt, endsAt);
    if (data.chapterIds) await assertGroupChapters(tx, access.groupId, data.chapterIds);
    if (data.hostId) await assertGroupMembers(tx, access.groupId, [data.hostId], "hostId");
    const timeZone = data.timeZone ?? current.timeZone;

    const shiftedIds: string[] = [];
    if (
      data.shiftFollowing &&
      current.seriesId &&
      startsAt.getTime() !== current.startsAt.getTime()
    ) {
      const series = await tx.discussionSession.findMany({
        where: { seriesId: current.seriesId },
        select: { id: true, startsAt: true, endsAt: true },
      });
      const proposal = shiftFollowingSessions(
        series.map((session) => ({
          id: session.id,
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
        })),
        sessionId,
        startsAt,
        timeZone,
      );
      for (const next of proposal) {
        if (next.id === sessionId) continue;
        await tx.discussionSession.update({
          where: { id: next.id },
          data: {
            startsAt: new Date(next.startsAt),
            endsAt: new Date(next.endsAt),
            sequence: { increment: 1 },
          },
        });
        shiftedIds.push(next.id);
      }
    }

    await tx.discussionSession.update({
      where: { id: sessionId },
      data: {
        ...(data.title !== undefined ? { title: data.title } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.location !== undefined ? { location: data.location } : {}),
        ...(data.videoUrl !== undefined ? { videoUrl: data.videoUrl } : {}),
        ...(data.hostId !== undefined ? { hostId: data.hostId } : {}),
        ...(data.recap !== undefined ? { recap: data.recap } : {}),
        timeZone,
        startsAt,
        endsAt,
        sequence: { increment: 1 },
      },
    });
    if (data.chapterIds) {
      const chapterIds = [...new Set(data.chapterIds)];
      await tx.sessionChapter.deleteMany({ where: { sessionId } });
      await tx.sessionChapter.createMany({
        data: chapterIds.map((chapterId, position) => ({ sessionId, chapterId, position })),
      });
    }
    const updated = await tx.discussionSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: sessionSelect,
    });
    const changedPlace =
      updated.location !== current.location || updated.videoUrl !== current.videoUrl;
    const changedTime =
      updated.startsAt.getTime() !== current.startsAt.getTime() ||
      updated.endsAt.getTime() !== current.endsAt.getTime();
    return { row: updated, shifted: shiftedIds, moved: changedTime || changedPlace };
  });

  if (moved || shifted.length > 0) {
    await notify(await otherMemberIds(access.groupId, access.userId), {
      kind: "session.updated",
      groupId: access.groupId,
      payload: {
        sessionId: row.id,
        title:
          shifted.length > 0
            ? `Rescheduled: ${row.title} and the ${shifted.length} following session${shifted.length === 1 ? "" : "s"}`
            : `Changed: ${row.title}`,
        startsAt: row.startsAt.toISOString(),
        url: sessionPath(access.groupId, row.id),
      },
    });
  }
  // Any edit may change what a reader's "Next session" line says (its title, time or chapters).
  await announceGroupChange({ type: "sessions-changed", groupId: access.groupId });
  return { session: toSessionView(row, access.userId), shifted };
}
