import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

/** One vote per member per marked thread; voting twice or withdrawing twice changes nothing. */
export async function voteOnMark(
  access: GroupAccess,
  sessionId: string,
  markId: string,
  vote: boolean,
): Promise<{ votes: number; votedByMe: boolean }> {
  const mark = await db.sessionMark.findFirst({
    where: { id: markId, sessionId },
    select: { id: true },
  });
  if (!mark) throw new AppError("not_found", "Mark not found");
  if (vote)
    await db.sessionMarkVote.upsert({
      where: { markId_userId: { markId, userId: access.userId } },
      create: { markId, userId: access.userId },
      update: {},
    });
  else await db.sessionMarkVote.deleteMany({ where: { markId, userId: access.userId } });
  const votes = await db.sessionMarkVote.count({ where: { markId } });
  await announceGroupChange({ type: "session-marks-changed", groupId: access.groupId, sessionId });
  return { votes, votedByMe: vote };
}
