import { db } from "@/lib/db/prisma";
import { notify } from "@/lib/notifications/notify";
import {
  sendReminderEmails,
  type CreatedReminder,
} from "@/lib/sessions/reminders/send-reminder-email";
import {
  dueReminders,
  REMINDER_LEADS,
  type ReminderKey,
  type ReminderKind,
} from "@/lib/sessions/reminders/due-reminders";

const LONGEST_LEAD_MS = Math.max(...Object.values(REMINDER_LEADS));
const REMINDER_PREFIX = "session-reminder";

/** One reminder per member per session, whichever lead opened first: the key has no kind. */
export function reminderDedupeKey(sessionId: string): string {
  return `${REMINDER_PREFIX}:${sessionId}`;
}

/**
 * Sends the session reminders that are due at `now`: an in-app notification to every member who
 * has not declined, once per member per session. Safe to run from every process at once and as
 * often as wanted: the Notification.dedupeKey unique index lets only one row per member and
 * session exist, and dueReminders() skips what was already sent. With SMTP configured, the
 * process whose insert won also e-mails that member (after every in-app reminder of the run is
 * stored, so a slow mail server delays none of them); a failed e-mail is logged, not retried.
 */
export async function runDueReminders(
  now: Date = new Date(),
): Promise<{ sent: number; emailed: number }> {
  const sessions = await db.discussionSession.findMany({
    where: {
      status: "SCHEDULED",
      startsAt: { gt: now, lte: new Date(now.getTime() + LONGEST_LEAD_MS) },
    },
    select: {
      id: true,
      groupId: true,
      title: true,
      startsAt: true,
      group: { select: { memberships: { select: { userId: true } } } },
      rsvps: { where: { status: "NOT_GOING" }, select: { userId: true } },
    },
  });
  if (sessions.length === 0) return { sent: 0, emailed: 0 };
  // Exact keys, so the lookup uses the unique index on dedupeKey.
  const candidates = sessions.flatMap((session) =>
    session.group.memberships.map(
      (membership) => `${reminderDedupeKey(session.id)}:${membership.userId}`,
    ),
  );
  const sentRows = await db.notification.findMany({
    where: { dedupeKey: { in: candidates } },
    select: { dedupeKey: true },
  });
  // A member reminded once counts as reminded for every lead.
  const alreadySent: ReminderKey[] = sentRows.flatMap((row) => {
    const [, sessionId, userId] = (row.dedupeKey ?? "").split(":");
    if (!sessionId || !userId) return [];
    return (Object.keys(REMINDER_LEADS) as ReminderKind[]).map((kind) => ({
      sessionId,
      userId,
      kind,
    }));
  });
  const due = dueReminders(
    now,
    sessions.map((session) => ({
      id: session.id,
      startsAt: session.startsAt,
      memberIds: session.group.memberships.map((membership) => membership.userId),
    })),
    sessions.flatMap((session) =>
      session.rsvps.map((rsvp) => ({
        sessionId: session.id,
        userId: rsvp.userId,
        status: "declined" as const,
      })),
    ),
    alreadySent,
  );
  const created: CreatedReminder[] = [];
  for (const session of sessions) {
    const recipients = due.filter((reminder) => reminder.sessionId === session.id);
    if (recipients.length === 0) continue;
    const hours = Math.max(1, Math.round((session.startsAt.getTime() - now.getTime()) / 3_600_000));
    const rows = await notify(
      recipients.map((reminder) => reminder.userId),
      {
        kind: "session.reminder",
        groupId: session.groupId,
        dedupeKey: reminderDedupeKey(session.id),
        payload: {
          sessionId: session.id,
          title: `Reminder: ${session.title} starts in ${hours === 1 ? "about an hour" : `${hours} hours`}`,
          startsAt: session.startsAt.toISOString(),
          url: `/groups/${session.groupId}/sessions/${session.id}`,
        },
      },
    );
    created.push(...rows.map((row) => ({ sessionId: session.id, userId: row.userId })));
  }
  const emails = await sendReminderEmails(created);
  return { sent: created.length, emailed: emails.sent };
}
