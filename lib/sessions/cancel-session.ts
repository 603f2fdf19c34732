import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { notify } from "@/lib/notifications/notify";
import { sessionSelect, toSessionView, type SessionView } from "@/lib/sessions/session-schemas";
import { otherMemberIds, sessionPath } from "@/lib/sessions/session-support";

/**
 * Cancels a session (the caller has authorised `sessions.manage`). The row stays: calendar
 * feeds keep the event as STATUS:CANCELLED with a higher SEQUENCE so subscribers' copies are
 * replaced rather than left behind. Cancelling twice changes nothing and tells nobody again.
 */
export async function cancelSession(access: GroupAccess, sessionId: string): Promise<SessionView> {
  const changed = await db.discussionSession.updateMany({
    where: { id: sessionId, status: "SCHEDULED" },
    data: { status: "CANCELLED", sequence: { increment: 1 } },
  });
  const row = await db.discussionSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: sessionSelect,
  });
  if (changed.count > 0) {
    await notify(await otherMemberIds(access.groupId, access.userId), {
      kind: "session.cancelled",
      groupId: access.groupId,
      dedupeKey: `session-cancelled:${sessionId}`,
      payload: {
        sessionId,
        title: `Cancelled: ${row.title}`,
        startsAt: row.startsAt.toISOString(),
        url: sessionPath(access.groupId, sessionId),
      },
    });
    await announceGroupChange({ type: "sessions-changed", groupId: access.groupId });
  }
  return toSessionView(row, access.userId);
}
