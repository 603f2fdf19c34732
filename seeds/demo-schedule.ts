/**
 * The demo group's schedule: a planned series through one of its texts (some sessions already
 * past, with notes), RSVPs, rotating roles, reading assignments and the demo readers' progress.
 * Idempotent: a group that already has a series is left alone. Does nothing when the group has
 * no text with chapters yet.
 */
import { DateTime } from "luxon";
import { db } from "@/lib/db/prisma";
import { createSessionSeries } from "@/lib/sessions/plan-session-series";

type Log = (line: string) => void;

const MAX_CHAPTERS = 20;
const TUESDAY = 2;
const SESSION_HOUR = 19;

export async function seedDemoSchedule({
  groupId,
  log,
  now = new Date(),
}: {
  groupId: string;
  log: Log;
  now?: Date;
}): Promise<{ created: boolean }> {
  if (await db.sessionSeries.findFirst({ where: { groupId }, select: { id: true } }))
    return { created: false };
  const [group, owner, text] = await Promise.all([
    db.group.findUnique({ where: { id: groupId }, select: { timeZone: true } }),
    db.membership.findFirst({
      where: { groupId, role: "OWNER" },
      orderBy: { joinedAt: "asc" },
      select: { userId: true },
    }),
    db.text.findFirst({
      where: { groupId, chapters: { some: {} } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        title: true,
        chapters: { orderBy: { index: "asc" }, take: MAX_CHAPTERS, select: { id: true } },
      },
    }),
  ]);
  if (!group || !owner || !text) {
    log("Seeding demo schedule: no text with chapters in the demo group yet, skipped");
    return { created: false };
  }
  log(`Seeding demo schedule: a series through "${text.title}"`);
  const access = { groupId, userId: owner.userId, role: "OWNER" as const };
  // Tuesdays, two of them already past: the newcomer finds sessions 1 and 2 in the archive and
  // session 3 coming up, whatever the weekday the demo is seeded on.
  const today = DateTime.fromJSDate(now).setZone(group.timeZone);
  const start = nextTuesdayEvening(today).minus({ weeks: 2 });
  const { sessionIds } = await createSessionSeries(access, {
    textId: text.id,
    chapterIds: text.chapters.map((chapter) => chapter.id),
    title: `Reading ${text.title}`,
    mode: { kind: "chapters", perSession: text.chapters.length <= 12 ? 1 : 2 },
    weekdays: [TUESDAY],
    startTime: `${SESSION_HOUR}:00`,
    durationMinutes: 90,
    timeZone: group.timeZone,
    startDate: start.toISODate() ?? "",
    location: "Upstairs at the Corner Library",
    videoUrl: "https://meet.example.org/tuesday-readers",
    titleTemplate: "Session {n}: {titles}",
    rotateRoles: true,
  });

  const sessions = await db.discussionSession.findMany({
    where: { id: { in: sessionIds } },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, chapters: { select: { chapterId: true } } },
  });
  const members = await db.membership.findMany({
    where: { groupId },
    orderBy: { joinedAt: "asc" },
    select: { userId: true },
  });
  const [organiser, rosa, ravi, ruth] = members.map((member) => member.userId);
  const past = sessions.filter((session) => session.startsAt < now);
  const upcoming = sessions.filter((session) => session.startsAt >= now);

  // Who came to the past sessions: Ruth missed the last one (hence her catch-up reading below).
  for (const [i, session] of past.entries()) {
    const missedLast = i === past.length - 1;
    const answers = [
      [organiser, "GOING"],
      [rosa, "GOING"],
      [ravi, i === 0 ? "MAYBE" : "GOING"],
      [ruth, missedLast ? "NOT_GOING" : "GOING"],
    ] as const;
    for (const [userId, status] of answers)
      if (userId)
        await db.rsvp.upsert({
          where: { sessionId_userId: { sessionId: session.id, userId } },
          create: { sessionId: session.id, userId, status },
          update: {},
        });
  }

  // The archive: notes on past sessions, and everyone read their chapters.
  for (const [i, session] of past.entries()) {
    await db.discussionSession.update({
      where: { id: session.id },
      data: {
        recap: [
          "We started with the opening argument and how it frames everything after it.",
          "A lively evening on sources: who is speaking, and for whom?",
          "We compared the two chapters' accounts and listed questions for next time.",
        ][i % 3],
      },
    });
  }
  const progress: { userId: string; chapterId: string; fraction: number; done: boolean }[] = [];
  for (const session of past)
    for (const { chapterId } of session.chapters)
      for (const userId of [organiser, rosa, ravi, ruth])
        if (userId) progress.push({ userId, chapterId, fraction: 1, done: true });

  // The next session: mixed answers and progress, so the grid and the home page show something.
  const next = upcoming[0];
  if (next) {
    const answers = [
      [organiser, "GOING"],
      [rosa, "GOING"],
      [ravi, "MAYBE"],
      [ruth, "NOT_GOING"],
    ] as const;
    for (const [userId, status] of answers)
      if (userId)
        await db.rsvp.upsert({
          where: { sessionId_userId: { sessionId: next.id, userId } },
          create: { sessionId: next.id, userId, status },
          update: { status },
        });
    const [first, second] = next.chapters.map((chapter) => chapter.chapterId);
    if (first && rosa) progress.push({ userId: rosa, chapterId: first, fraction: 1, done: true });
    if (second && rosa)
      progress.push({ userId: rosa, chapterId: second, fraction: 0.6, done: false });
    if (first && ravi)
      progress.push({ userId: ravi, chapterId: first, fraction: 0.3, done: false });
    if (first && organiser)
      progress.push({ userId: organiser, chapterId: first, fraction: 1, done: true });
  }
  const later = upcoming[1];
  if (later && rosa)
    await db.rsvp.upsert({
      where: { sessionId_userId: { sessionId: later.id, userId: rosa } },
      create: { sessionId: later.id, userId: rosa, status: "GOING" },
      update: {},
    });
  for (const entry of progress)
    await db.readingProgress.upsert({
      where: { userId_chapterId: { userId: entry.userId, chapterId: entry.chapterId } },
      create: {
        userId: entry.userId,
        chapterId: entry.chapterId,
        fraction: entry.fraction,
        completedAt: entry.done ? now : null,
      },
      update: {},
    });

  // One reading for a chosen member, due by a date: Ruth catches up on what she missed.
  const catchUp = past.at(-1)?.chapters[0]?.chapterId;
  if (catchUp && ruth) {
    await db.readingProgress.deleteMany({ where: { userId: ruth, chapterId: catchUp } });
    await db.assignment.create({
      data: {
        groupId,
        chapterId: catchUp,
        dueAt: today.plus({ days: 10 }).set({ hour: 18, minute: 0 }).toJSDate(),
        forEveryone: false,
        createdById: organiser ?? null,
        members: { create: [{ userId: ruth }] },
      },
    });
  }
  log(`Seeding demo schedule: ${sessions.length} sessions (${past.length} past)`);
  return { created: true };
}

/** The first Tuesday whose 19:00 session is still ahead (today's, before the evening). */
function nextTuesdayEvening(today: DateTime): DateTime {
  for (let days = 0; days <= 7; days += 1) {
    const day = today
      .plus({ days })
      .set({ hour: SESSION_HOUR, minute: 0, second: 0, millisecond: 0 });
    if (day.weekday === TUESDAY && day > today) return day.startOf("day");
  }
  throw new Error("unreachable: a week always has a Tuesday");
}
