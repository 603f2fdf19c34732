import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import {
  RSVP_TO_DB,
  sessionSelect,
  toSessionView,
  ZRsvpInput,
  type SessionView,
} from "@/lib/sessions/session-schemas";

/** The member's answer to a session: going, maybe or not going (the last one wins). */
export async function setRsvp(
  access: GroupAccess,
  sessionId: string,
  input: unknown,
): Promise<SessionView> {
  const { status } = parseInput(ZRsvpInput, input);
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { status: true },
  });
  if (session.status === "CANCELLED") throw new AppError("conflict", "This session was cancelled");
  await db.rsvp.upsert({
    where: { sessionId_userId: { sessionId, userId: access.userId } },
    create: { sessionId, userId: access.userId, status: RSVP_TO_DB[status] },
    update: { status: RSVP_TO_DB[status] },
  });
  const row = await db.discussionSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: sessionSelect,
  });
  return toSessionView(row, access.userId);
}
