import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { assertParagraphInChapter } from "@/lib/access/owned-ids";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";

export const ZRecordProgressInput = z
  .object({
    fraction: z.number().min(0).max(1).optional(),
    paragraphId: z.string().min(1).max(64).optional(),
    completed: z.boolean().optional(),
  })
  .strict();

const progressSelect = {
  fraction: true,
  paragraphId: true,
  completedAt: true,
  updatedAt: true,
} as const;

/**
 * Records how far a member has read in a chapter: the furthest point only moves forward (a
 * re-read of the start does not undo progress); marking read (or unread) is explicit.
 */
export async function recordProgress(access: GroupAccess, chapterId: string, input: unknown) {
  const data = parseInput(ZRecordProgressInput, input);
  // The furthest paragraph is shown back to the reader: it must be one of this chapter's.
  if (data.paragraphId) await assertParagraphInChapter(chapterId, data.paragraphId);
  const current = await db.readingProgress.findUnique({
    where: { userId_chapterId: { userId: access.userId, chapterId } },
  });
  const advancing = data.fraction !== undefined && data.fraction > (current?.fraction ?? -1);
  const completedAt =
    data.completed === true
      ? (current?.completedAt ?? new Date())
      : data.completed === false
        ? null
        : current?.completedAt;
  return db.readingProgress.upsert({
    where: { userId_chapterId: { userId: access.userId, chapterId } },
    create: {
      userId: access.userId,
      chapterId,
      fraction: data.completed ? 1 : (data.fraction ?? 0),
      paragraphId: data.paragraphId ?? null,
      completedAt: completedAt ?? null,
    },
    update: {
      ...(advancing
        ? { fraction: data.fraction, paragraphId: data.paragraphId ?? current?.paragraphId ?? null }
        : {}),
      ...(data.completed === true ? { fraction: 1 } : {}),
      completedAt: completedAt ?? null,
    },
    select: progressSelect,
  });
}

export async function getProgress(userId: string, chapterId: string) {
  return db.readingProgress.findUnique({
    where: { userId_chapterId: { userId, chapterId } },
    select: progressSelect,
  });
}
