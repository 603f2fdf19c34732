import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { announceGroupChange } from "@/lib/app/group-changes";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { notify } from "@/lib/notifications/notify";
import { planSeries, ZPlanMode, type PlannedSession } from "@/lib/sessions/schedule/plan-series";
import { rotateInTransaction } from "@/lib/sessions/rotate-session-roles";
import { otherMemberIds } from "@/lib/sessions/session-support";
import { assertGroupMembers } from "@/lib/sessions/session-support";
import { ZTimeZone } from "@/lib/users/user-schemas";

const ZLocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Expected a date as YYYY-MM-DD");

export const ZSeriesInput = z
  .object({
    textId: z.string().min(1).max(64),
    /** A subset of the text's chapters (kept in reading order); default all of them. */
    chapterIds: z.array(z.string().min(1).max(64)).min(1).max(5000).optional(),
    mode: ZPlanMode,
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Expected a time as HH:MM"),
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(24 * 60),
    /** Defaults to the group's home zone. */
    timeZone: ZTimeZone.optional(),
    startDate: ZLocalDate,
    skipDates: z.array(ZLocalDate).max(2000).optional(),
    titleTemplate: z.string().trim().min(1).max(300).optional(),
    /** The series' own name; defaults to the text's title. */
    title: z.string().trim().min(1).max(200).optional(),
    location: z.string().trim().max(300).optional(),
    videoUrl: z
      .union([z.literal(""), z.url({ protocol: /^https?$/, message: "Must be an http(s) link" })])
      .optional(),
    hostId: z.string().min(1).max(64).nullable().optional(),
    /** Assign each session's chapters to everyone, due by that session (default true). */
    assignChapters: z.boolean().optional(),
    /** Hand lead, summariser and questions round the members (default false). */
    rotateRoles: z.boolean().optional(),
  })
  .strict();
export type TSeriesInput = z.input<typeof ZSeriesInput>;

export type SeriesPreview = {
  timeZone: string;
  sessions: (PlannedSession & { chapters: { id: string; title: string; wordCount: number }[] })[];
};

async function plan(access: GroupAccess, input: unknown) {
  const data = parseInput(ZSeriesInput, input);
  const [text, group] = await Promise.all([
    db.text.findFirst({
      where: { id: data.textId, groupId: access.groupId },
      select: {
        id: true,
        title: true,
        chapters: {
          orderBy: { index: "asc" },
          select: { id: true, title: true, wordCount: true, index: true },
        },
      },
    }),
    db.group.findUniqueOrThrow({ where: { id: access.groupId }, select: { timeZone: true } }),
  ]);
  if (!text)
    throw new AppError("bad_request", "Pick a text of this group", { textId: "Unknown text" });
  const wanted = data.chapterIds ? new Set(data.chapterIds) : null;
  const chapters = text.chapters
    .map((chapter, position) => ({ ...chapter, number: position + 1 }))
    .filter((chapter) => !wanted || wanted.has(chapter.id));
  if (wanted && chapters.length !== wanted.size)
    throw new AppError("bad_request", "Some chapters are not in this text", {
      chapterIds: "Pick chapters of the chosen text",
    });
  if (chapters.length === 0)
    throw new AppError("bad_request", "This text has no chapters", { textId: "No chapters" });
  const timeZone = data.timeZone ?? group.timeZone;
  const sessions = planSeries({
    chapters: chapters.map((chapter) => ({
      id: chapter.id,
      title: chapter.title,
      wordCount: chapter.wordCount,
      number: chapter.number,
    })),
    mode: data.mode,
    weekdays: data.weekdays,
    startTime: data.startTime,
    durationMinutes: data.durationMinutes,
    timeZone,
    startDate: data.startDate,
    skipDates: data.skipDates ?? [],
    titleTemplate: data.titleTemplate,
  });
  const byId = new Map(chapters.map((chapter) => [chapter.id, chapter]));
  const preview: SeriesPreview = {
    timeZone,
    sessions: sessions.map((session) => ({
      ...session,
      chapters: session.chapterIds.map((id) => {
        const chapter = byId.get(id);
        return { id, title: chapter?.title ?? "", wordCount: chapter?.wordCount ?? 0 };
      }),
    })),
  };
  return { data, text, preview };
}

/** The whole plan, computed but not stored (`sessions.manage`). */
export async function previewSessionSeries(
  access: GroupAccess,
  input: unknown,
): Promise<SeriesPreview> {
  return (await plan(access, input)).preview;
}

/**
 * Creates the series exactly as previewed, in one transaction: the SessionSeries row, its
 * sessions with their chapters, the reading assignments (due by each session) and, when asked,
 * the role rotation. Members are told once about the whole series.
 */
export async function createSessionSeries(
  access: GroupAccess,
  input: unknown,
): Promise<{ seriesId: string; sessionIds: string[] }> {
  const { data, text, preview } = await plan(access, input);
  const result = await db.$transaction(
    async (tx) => {
      if (data.hostId) await assertGroupMembers(tx, access.groupId, [data.hostId], "hostId");
      const series = await tx.sessionSeries.create({
        data: { groupId: access.groupId, textId: text.id, title: data.title ?? text.title },
        select: { id: true },
      });
      const sessions = await tx.discussionSession.createManyAndReturn({
        data: preview.sessions.map((session) => ({
          groupId: access.groupId,
          seriesId: series.id,
          title: session.title,
          startsAt: new Date(session.startsAt),
          endsAt: new Date(session.endsAt),
          timeZone: preview.timeZone,
          location: data.location || null,
          videoUrl: data.videoUrl || null,
          hostId: data.hostId ?? null,
        })),
        select: { id: true, startsAt: true },
      });
      // createManyAndReturn keeps input order; match by start to be independent of it.
      const idByStart = new Map(sessions.map((row) => [row.startsAt.toISOString(), row.id]));
      const planned = preview.sessions.map((session) => ({
        id: idByStart.get(new Date(session.startsAt).toISOString()) ?? "",
        chapterIds: session.chapterIds,
      }));
      await tx.sessionChapter.createMany({
        data: planned.flatMap((session) =>
          session.chapterIds.map((chapterId, position) => ({
            sessionId: session.id,
            chapterId,
            position,
          })),
        ),
      });
      if (data.assignChapters !== false) {
        await tx.assignment.createMany({
          data: planned.flatMap((session) =>
            session.chapterIds.map((chapterId) => ({
              groupId: access.groupId,
              chapterId,
              sessionId: session.id,
              createdById: access.userId,
            })),
          ),
        });
      }
      const first = planned[0];
      if (data.rotateRoles && first) await rotateInTransaction(tx, access.groupId, first.id);
      return { seriesId: series.id, sessionIds: planned.map((session) => session.id) };
    },
    { timeout: 30_000 },
  );
  const firstStart = preview.sessions[0]?.startsAt;
  await notify(await otherMemberIds(access.groupId, access.userId), {
    kind: "session.series",
    groupId: access.groupId,
    payload: {
      seriesId: result.seriesId,
      title: `${result.sessionIds.length} sessions planned: ${data.title ?? text.title}`,
      ...(firstStart ? { startsAt: firstStart } : {}),
      url: `/groups/${access.groupId}/sessions`,
    },
  });
  await announceGroupChange({ type: "sessions-changed", groupId: access.groupId });
  return result;
}
