import { db } from "@/lib/db/prisma";
import { appUrl, getEnv } from "@/lib/env";
import { mailTransport } from "@/lib/mail/transport";
import { reminderEmailMessage } from "@/lib/sessions/reminders/reminder-email-message";
import { sessionPath } from "@/lib/sessions/session-support";

export type CreatedReminder = { sessionId: string; userId: string };

/** How many messages go out at once; the rest wait their turn. */
const CONCURRENCY = 4;

/**
 * E-mails the reminders this process has just created (the notification rows it inserted), to
 * the members who keep e-mail reminders on. Never throws: a failed send is logged and not tried
 * again, the in-app reminder stands either way.
 */
export async function sendReminderEmails(
  reminders: readonly CreatedReminder[],
): Promise<{ sent: number; failed: number }> {
  const env = getEnv();
  if (!env.EMAIL_SERVER || !env.EMAIL_FROM || reminders.length === 0) return { sent: 0, failed: 0 };
  const { EMAIL_SERVER: server, EMAIL_FROM: from } = env;
  try {
    const [sessions, users] = await Promise.all([
      db.discussionSession.findMany({
        where: { id: { in: [...new Set(reminders.map((reminder) => reminder.sessionId))] } },
        select: {
          id: true,
          groupId: true,
          title: true,
          startsAt: true,
          endsAt: true,
          location: true,
          videoUrl: true,
          group: { select: { name: true, timeZone: true } },
          chapters: {
            orderBy: { position: "asc" },
            select: { chapter: { select: { title: true, text: { select: { title: true } } } } },
          },
        },
      }),
      db.user.findMany({
        where: {
          id: { in: [...new Set(reminders.map((reminder) => reminder.userId))] },
          emailReminders: true,
        },
        select: { id: true, email: true, name: true, timeZone: true },
      }),
    ]);
    const sessionsById = new Map(sessions.map((session) => [session.id, session]));
    const usersById = new Map(users.map((user) => [user.id, user]));
    const base = appUrl(env).replace(/\/$/, "");

    const queue = reminders.flatMap((reminder) => {
      const session = sessionsById.get(reminder.sessionId);
      const user = usersById.get(reminder.userId);
      if (!session || !user) return [];
      const message = reminderEmailMessage({
        recipient: user,
        group: session.group,
        session: {
          ...session,
          chapters: session.chapters.map(({ chapter }) => ({
            title: chapter.title,
            textTitle: chapter.text.title,
          })),
        },
        sessionUrl: `${base}${sessionPath(session.groupId, session.id)}`,
        profileUrl: `${base}/profile`,
      });
      return [{ ...reminder, to: user.email, message }];
    });

    let sent = 0;
    let failed = 0;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          await mailTransport(server).sendMail({ from, to: next.to, ...next.message });
          sent += 1;
        } catch (error) {
          failed += 1;
          console.error(
            `[reminders] e-mail for session ${next.sessionId} to user ${next.userId} failed:`,
            error instanceof Error ? error.message : error,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { sent, failed };
  } catch (error) {
    console.error("[reminders] e-mails not sent:", error);
    return { sent: 0, failed: reminders.length };
  }
}
