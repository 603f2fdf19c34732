import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { liveSessionContext } from "@/lib/sessions/live/live-session-context";
import { runsSession } from "@/lib/sessions/live/session-host";

/** Takes a thread off the agenda: whoever marked it, or whoever runs the session. */
export async function unmarkThread(
  access: GroupAccess,
  sessionId: string,
  markId: string,
): Promise<void> {
  const mark = await db.sessionMark.findFirst({
    where: { id: markId, sessionId },
    select: { markedById: true },
  });
  if (!mark) throw new AppError("not_found", "Mark not found");
  if (
    mark.markedById !== access.userId &&
    !runsSession(access, await liveSessionContext(sessionId))
  )
    throw new AppError("forbidden", "Only who marked it, or the host, takes it off the agenda");
  await db.sessionMark.delete({ where: { id: markId } });
  await announceGroupChange({ type: "session-marks-changed", groupId: access.groupId, sessionId });
}
