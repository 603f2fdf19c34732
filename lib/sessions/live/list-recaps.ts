import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/prisma";

const recapSelect = {
  id: true,
  chapterId: true,
  body: true,
  updatedAt: true,
  author: { select: { id: true, name: true } },
  session: { select: { id: true, groupId: true, title: true, startsAt: true } },
} satisfies Prisma.ChapterRecapSelect;

export type TChapterRecap = {
  id: string;
  chapterId: string;
  body: string;
  updatedAt: string;
  author: { id: string; name: string } | null;
  session: { id: string; groupId: string; title: string; startsAt: string };
};

function toView(row: Prisma.ChapterRecapGetPayload<{ select: typeof recapSelect }>): TChapterRecap {
  return {
    id: row.id,
    chapterId: row.chapterId,
    body: row.body,
    updatedAt: row.updatedAt.toISOString(),
    author: row.author,
    session: { ...row.session, startsAt: row.session.startsAt.toISOString() },
  };
}

/** A session's recaps (the caller may view the session). */
export async function listSessionRecaps(sessionId: string): Promise<TChapterRecap[]> {
  const rows = await db.chapterRecap.findMany({
    where: { sessionId },
    orderBy: { createdAt: "asc" },
    select: recapSelect,
  });
  return rows.map(toView);
}

/** Recaps pinned to a chapter by its sessions, latest session first (the caller may read it). */
export async function listChapterRecaps(chapterId: string): Promise<TChapterRecap[]> {
  const rows = await db.chapterRecap.findMany({
    where: { chapterId },
    orderBy: { session: { startsAt: "desc" } },
    select: recapSelect,
  });
  return rows.map(toView);
}
