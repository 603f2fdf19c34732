import { toInstant } from "@/lib/sessions/schedule/local-time";

/** How long before a session each reminder goes out. */
export const REMINDER_LEADS = {
  "24h": 24 * 60 * 60 * 1000,
  "1h": 60 * 60 * 1000,
} as const;

export type ReminderKind = keyof typeof REMINDER_LEADS;

export type RsvpStatus = "going" | "maybe" | "declined";

export type ReminderSession = {
  id: string;
  startsAt: string | Date;
  cancelled?: boolean;
  /** Everyone who should hear about it: the group's members at the time of asking. */
  memberIds: readonly string[];
};

export type ReminderRsvp = { sessionId: string; userId: string; status: RsvpStatus };

export type ReminderKey = { sessionId: string; userId: string; kind: ReminderKind };

export type DueReminder = ReminderKey & {
  /** When it was due (start minus lead), UTC ISO. */
  dueAt: string;
  /** `${sessionId}:${userId}:${kind}`, for the caller's unique constraint. */
  key: string;
};

export function reminderKey(reminder: ReminderKey): string {
  return `${reminder.sessionId}:${reminder.userId}:${reminder.kind}`;
}

/**
 * Which reminders to create now. Pure and idempotent: whatever is in `alreadySent` is
 * never returned again, so the caller can run this on any schedule (and twice) as long as
 * it stores what it creates under `key`.
 *
 * - A session gets reminders from the moment `startsAt - lead` passes until it starts;
 *   cancelled and started sessions get none.
 * - Members who declined get none; members who said nothing, going or maybe do.
 * - Only the nearest opened reminder counts: if the job was down, or the session was
 *   created at short notice, a member 30 minutes out gets the 1h reminder and not a stale
 *   24h one as well, and the 24h one is not sent later either.
 */
export function dueReminders(
  now: string | Date,
  sessions: readonly ReminderSession[],
  rsvps: readonly ReminderRsvp[],
  alreadySent: readonly ReminderKey[],
): DueReminder[] {
  const nowMs = toInstant(now).toMillis();
  const sent = new Set(alreadySent.map(reminderKey));
  const declined = new Set(
    rsvps
      .filter((rsvp) => rsvp.status === "declined")
      .map((rsvp) => `${rsvp.sessionId}:${rsvp.userId}`),
  );
  const kinds = (Object.keys(REMINDER_LEADS) as ReminderKind[]).sort(
    (a, b) => REMINDER_LEADS[a] - REMINDER_LEADS[b],
  );

  const due: (DueReminder & { startMs: number })[] = [];
  for (const session of sessions) {
    if (session.cancelled) continue;
    const startMs = toInstant(session.startsAt).toMillis();
    if (nowMs >= startMs) continue;
    const kind = kinds.find((candidate) => nowMs >= startMs - REMINDER_LEADS[candidate]);
    if (!kind) continue;
    const dueAt = new Date(startMs - REMINDER_LEADS[kind]).toISOString();
    for (const userId of new Set(session.memberIds)) {
      if (declined.has(`${session.id}:${userId}`)) continue;
      const reminder = { sessionId: session.id, userId, kind };
      const key = reminderKey(reminder);
      if (sent.has(key)) continue;
      due.push({ ...reminder, dueAt, key, startMs });
    }
  }
  return due
    .sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key))
    .map(({ startMs: _startMs, ...reminder }) => reminder);
}
