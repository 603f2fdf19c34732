import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { ZMarkThreadInput } from "@/lib/sessions/live/live-schemas";
import { liveSessionContext } from "@/lib/sessions/live/live-session-context";

/**
 * Brings a margin thread of one of the session's chapters to its agenda; marking counts as the
 * marker's vote. Marking a thread already brought adds the caller's vote to it instead.
 * Members' open margins and live rooms are told at once.
 */
export async function markThread(
  access: GroupAccess,
  sessionId: string,
  input: unknown,
): Promise<{ markId: string; created: boolean }> {
  const { threadId } = parseInput(ZMarkThreadInput, input);
  const session = await liveSessionContext(sessionId);
  const root = await db.comment.findFirst({
    where: { threadId, isRoot: true, deleted: false },
    select: { chapterId: true },
  });
  if (!root || !session.chapters.some((chapter) => chapter.id === root.chapterId))
    throw new AppError("bad_request", "That thread is not on a chapter of this session", {
      threadId: "Pick a thread on one of the session's chapters",
    });
  const result = await db.$transaction(async (tx) => {
    const existing = await tx.sessionMark.findUnique({
      where: { sessionId_threadId: { sessionId, threadId } },
      select: { id: true },
    });
    const mark =
      existing ??
      (await tx.sessionMark.create({
        data: { sessionId, threadId, chapterId: root.chapterId, markedById: access.userId },
        select: { id: true },
      }));
    await tx.sessionMarkVote.upsert({
      where: { markId_userId: { markId: mark.id, userId: access.userId } },
      create: { markId: mark.id, userId: access.userId },
      update: {},
    });
    return { markId: mark.id, created: !existing };
  });
  await announceGroupChange({ type: "session-marks-changed", groupId: access.groupId, sessionId });
  return result;
}
