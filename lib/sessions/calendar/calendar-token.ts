import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/prisma";

/** 32 random bytes: the token is the only thing guarding a feed, so it must not be guessable. */
function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The feed's path; clients want the .ics suffix to recognise a calendar. */
export function calendarFeedPath(token: string): string {
  return `/api/calendar/${token}.ics`;
}

/**
 * The member's feed token for one group (groupId) or across all their groups (null), made on
 * first use. The caller has checked membership for a group token.
 */
export async function getCalendarToken(userId: string, groupId: string | null): Promise<string> {
  // findFirst, not findUnique: PostgreSQL's unique index treats NULL groupIds as distinct.
  const existing = await db.calendarToken.findFirst({
    where: { userId, groupId },
    orderBy: { createdAt: "asc" },
    select: { token: true },
  });
  if (existing) return existing.token;
  return (await db.calendarToken.create({ data: { userId, groupId, token: newToken() } })).token;
}

/** A new token; the old URL stops working at once (its row is gone). */
export async function regenerateCalendarToken(
  userId: string,
  groupId: string | null,
): Promise<string> {
  return db.$transaction(async (tx) => {
    await tx.calendarToken.deleteMany({ where: { userId, groupId } });
    return (await tx.calendarToken.create({ data: { userId, groupId, token: newToken() } })).token;
  });
}
