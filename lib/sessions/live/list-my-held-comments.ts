import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { heldCommentSelect, toHeldCommentView } from "@/lib/sessions/live/held-comment-view";

/** The caller's own held comments for a session: nobody else's are ever listed. */
export async function listMyHeldComments(access: GroupAccess, sessionId: string) {
  const [rows, session] = await Promise.all([
    db.heldComment.findMany({
      where: { sessionId, authorId: access.userId },
      orderBy: { createdAt: "asc" },
      select: heldCommentSelect,
    }),
    db.discussionSession.findUnique({ where: { id: sessionId }, select: { startsAt: true } }),
  ]);
  return rows.map((row) => toHeldCommentView(row, session?.startsAt));
}
