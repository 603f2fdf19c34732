import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";

export type TLiveSessionContext = {
  id: string;
  groupId: string;
  title: string;
  hostId: string | null;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  chapters: { id: string; title: string; textId: string; textTitle: string; position: number }[];
};

/** The session as the live features need it: times, host and its chapters in agenda order. */
export async function liveSessionContext(sessionId: string): Promise<TLiveSessionContext> {
  const row = await db.discussionSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      groupId: true,
      title: true,
      hostId: true,
      startsAt: true,
      endsAt: true,
      status: true,
      chapters: {
        orderBy: [{ position: "asc" }, { chapter: { index: "asc" } }],
        select: {
          position: true,
          chapter: {
            select: { id: true, title: true, textId: true, text: { select: { title: true } } },
          },
        },
      },
    },
  });
  if (!row) throw new AppError("not_found", "Session not found");
  return {
    id: row.id,
    groupId: row.groupId,
    title: row.title,
    hostId: row.hostId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    cancelled: row.status === "CANCELLED",
    chapters: row.chapters.map(({ position, chapter }) => ({
      id: chapter.id,
      title: chapter.title,
      textId: chapter.textId,
      textTitle: chapter.text.title,
      position,
    })),
  };
}

/** Refuses a chapter that is not one of the session's. */
export function assertSessionChapter(session: TLiveSessionContext, chapterId: string): void {
  if (!session.chapters.some((chapter) => chapter.id === chapterId))
    throw new AppError("bad_request", "That chapter is not read for this session", {
      chapterId: "Pick one of the session's chapters",
    });
}
