import { db } from "@/lib/db/prisma";
import { buildSingleEventIcs } from "@/lib/sessions/calendar/calendar-feed";
import { sessionEvent, sessionEventSelect } from "@/lib/sessions/calendar/session-event";

/** One session as a downloadable .ics (the caller has authorised `sessions.view`). */
export async function sessionIcs(
  sessionId: string,
  baseUrl: string,
): Promise<{ ics: string; fileName: string }> {
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: sessionEventSelect,
  });
  const slug =
    session.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "session";
  return { ics: buildSingleEventIcs(sessionEvent(session, baseUrl)), fileName: `${slug}.ics` };
}
