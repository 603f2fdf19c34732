import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

/** The author takes back a comment that has not been revealed yet (a claimed one is on its way). */
export async function withdrawHeldComment(
  access: GroupAccess,
  sessionId: string,
  heldCommentId: string,
): Promise<void> {
  const removed = await db.heldComment.deleteMany({
    where: { id: heldCommentId, sessionId, authorId: access.userId, revealedAt: null },
  });
  if (removed.count === 0) {
    const exists = await db.heldComment.findFirst({
      where: { id: heldCommentId, sessionId, authorId: access.userId },
      select: { id: true },
    });
    if (!exists) throw new AppError("not_found", "Held comment not found");
    throw new AppError("conflict", "It has been revealed already: delete it in the margin");
  }
}
