import { db } from "@/lib/db/prisma";
import { buildCalendar } from "@/lib/sessions/calendar/calendar-feed";
import { sessionEvent, sessionEventSelect } from "@/lib/sessions/calendar/session-event";

/** How far back a feed reaches: calendars keep their own history. */
const PAST_DAYS = 180;

/**
 * The ICS feed behind a secret token (with or without its ".ics"), or null when the token is
 * unknown (regenerated or never issued) or its owner has left the group. A group token gives
 * that group's sessions; a personal token every group its owner belongs to now. Cancelled
 * sessions stay in with STATUS:CANCELLED so subscribed copies are replaced, not orphaned.
 */
export async function calendarFeedForToken(
  tokenWithSuffix: string,
  baseUrl: string,
  now = new Date(),
): Promise<{ ics: string; name: string; lastModified: Date | null } | null> {
  const token = tokenWithSuffix.replace(/\.ics$/i, "");
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const owner = await db.calendarToken.findUnique({
    where: { token },
    select: {
      userId: true,
      groupId: true,
      user: { select: { name: true, timeZone: true } },
      group: { select: { name: true, timeZone: true } },
    },
  });
  if (!owner) return null;
  const memberships = await db.membership.findMany({
    where: { userId: owner.userId, ...(owner.groupId ? { groupId: owner.groupId } : {}) },
    select: { groupId: true },
  });
  if (owner.groupId && memberships.length === 0) return null;
  const sessions = await db.discussionSession.findMany({
    where: {
      groupId: { in: memberships.map((membership) => membership.groupId) },
      startsAt: { gte: new Date(now.getTime() - PAST_DAYS * 86_400_000) },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 2000,
    select: sessionEventSelect,
  });
  const name = owner.group
    ? `${owner.group.name} · Marginalia`
    : `${owner.user.name}'s reading groups · Marginalia`;
  const ics = buildCalendar({
    name,
    timeZone: owner.group?.timeZone ?? owner.user.timeZone,
    events: sessions.map((session) => sessionEvent(session, baseUrl)),
    url: `${baseUrl}/api/calendar/${token}.ics`,
  });
  // Every change of a session bumps its updatedAt (cancellations stay in the feed as events).
  const lastModified = sessions.reduce<Date | null>(
    (latest, session) => (latest && latest >= session.updatedAt ? latest : session.updatedAt),
    null,
  );
  return { ics, name, lastModified };
}
