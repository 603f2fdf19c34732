import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { ZChapterRecapInput } from "@/lib/sessions/live/live-schemas";
import { assertSessionChapter, liveSessionContext } from "@/lib/sessions/live/live-session-context";
import { runsSession } from "@/lib/sessions/live/session-host";

/** Pins (or with an empty body, unpins) what the session concluded about one of its chapters. */
export async function setChapterRecap(access: GroupAccess, sessionId: string, input: unknown) {
  const data = parseInput(ZChapterRecapInput, input);
  const session = await liveSessionContext(sessionId);
  if (!runsSession(access, session))
    throw new AppError("forbidden", "Only the host, moderators and owners write recaps");
  assertSessionChapter(session, data.chapterId);
  const body = data.body.trim();
  if (!body) {
    await db.chapterRecap.deleteMany({ where: { sessionId, chapterId: data.chapterId } });
    return null;
  }
  const row = await db.chapterRecap.upsert({
    where: { sessionId_chapterId: { sessionId, chapterId: data.chapterId } },
    create: { sessionId, chapterId: data.chapterId, body, authorId: access.userId },
    update: { body, authorId: access.userId },
    select: { chapterId: true, body: true, updatedAt: true },
  });
  return { chapterId: row.chapterId, body: row.body, updatedAt: row.updatedAt.toISOString() };
}
