import { DateTime } from "luxon";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import {
  isValidLocalDate,
  isValidLocalTime,
  isValidTimeZone,
  resolveLocal,
  toUtcIso,
} from "./local-time";

const ZLocalDate = z.string().refine(isValidLocalDate, "Expected a date as YYYY-MM-DD");

export const ZPlanChapter = z.object({
  id: z.string().min(1),
  title: z.string(),
  wordCount: z.number().int().min(0),
  /** Number shown in titles ("Chapters 5–6"); defaults to the chapter's position, from 1. */
  number: z.number().int().positive().optional(),
});

export const ZPlanMode = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("chapters"), perSession: z.number().int().min(1).max(500) }),
  /** perSession is a target word count per session; sessions are balanced around it. */
  z.object({ kind: z.literal("words"), perSession: z.number().int().min(1) }),
]);

export const ZPlanSeriesInput = z.object({
  chapters: z.array(ZPlanChapter).min(1).max(5000),
  mode: ZPlanMode,
  /** ISO weekdays: 1 = Monday … 7 = Sunday (luxon's numbering). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  /** Local wall-clock start, "HH:MM" (24-hour). */
  startTime: z.string().refine(isValidLocalTime, "Expected a time as HH:MM"),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  timeZone: z.string().refine(isValidTimeZone, "Unknown IANA time zone"),
  /** First local date a session may fall on (inclusive). */
  startDate: ZLocalDate,
  skipDates: z.array(ZLocalDate).max(2000).default([]),
  /**
   * Placeholders: {n} session number, {chapters} "Chapter 5" / "Chapters 5–6",
   * {titles} the chapter titles joined by ", ". Default "Session {n}: {chapters}".
   */
  titleTemplate: z.string().min(1).max(300).optional(),
});

export type TPlanChapter = z.infer<typeof ZPlanChapter>;
export type TPlanMode = z.infer<typeof ZPlanMode>;
/** What callers pass: skipDates may be left out. */
export type TPlanSeriesInput = z.input<typeof ZPlanSeriesInput>;

export type PlannedSession = {
  /** Position in the series, starting at 1 (the "3" of "Session 3"). */
  index: number;
  title: string;
  /** UTC ISO instants. */
  startsAt: string;
  endsAt: string;
  /** The local date (YYYY-MM-DD in the series' time zone) the session falls on. */
  localDate: string;
  chapterIds: string[];
};

export const DEFAULT_SESSION_TITLE_TEMPLATE = "Session {n}: {chapters}";

/**
 * Plans a series of discussion sessions that walks through `chapters` in order.
 *
 * Each session starts at the same LOCAL wall-clock time in `timeZone`, so a 19:30
 * London meeting stays at 19:30 across the March and October clock changes (its UTC
 * instant moves by an hour). A start time that does not exist on a given day (the
 * spring gap, e.g. 01:30 in London on the last Sunday of March) is pushed forward by
 * the gap's length (02:30 BST); one that happens twice takes the earlier occurrence.
 * Sessions last `durationMinutes` of real time.
 */
export function planSeries(input: TPlanSeriesInput): PlannedSession[] {
  const parsed = ZPlanSeriesInput.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues)
      fields[issue.path.join(".") || "input"] ??= issue.message;
    throw new AppError("bad_request", "Invalid series plan", fields);
  }
  const plan = parsed.data;
  const groups =
    plan.mode.kind === "chapters"
      ? groupByCount(plan.chapters, plan.mode.perSession)
      : groupByWords(plan.chapters, plan.mode.perSession);
  const dates = meetingDates(
    plan.startDate,
    new Set(plan.weekdays),
    new Set(plan.skipDates),
    groups.length,
  );
  const [hour, minute] = plan.startTime.split(":").map(Number) as [number, number];
  const template = plan.titleTemplate ?? DEFAULT_SESSION_TITLE_TEMPLATE;

  return groups.map((group, i) => {
    const date = dates[i] as DateTime<true>;
    const start = resolveLocal(
      { year: date.year, month: date.month, day: date.day, hour, minute },
      plan.timeZone,
    );
    const index = i + 1;
    return {
      index,
      title: renderTitle(template, index, group),
      startsAt: toUtcIso(start),
      endsAt: toUtcIso(start.plus({ minutes: plan.durationMinutes })),
      localDate: date.toISODate(),
      chapterIds: group.map((entry) => entry.chapter.id),
    };
  });
}

type NumberedChapter = { chapter: TPlanChapter; number: number };

function numbered(chapters: TPlanChapter[]): NumberedChapter[] {
  return chapters.map((chapter, i) => ({ chapter, number: chapter.number ?? i + 1 }));
}

function groupByCount(chapters: TPlanChapter[], perSession: number): NumberedChapter[][] {
  const all = numbered(chapters);
  const groups: NumberedChapter[][] = [];
  for (let i = 0; i < all.length; i += perSession) groups.push(all.slice(i, i + perSession));
  return groups;
}

/**
 * Splits chapters (kept in order) into consecutive runs whose word totals are as close
 * to `target` as possible: the partition minimising the sum of squared deviations, found
 * by dynamic programming over prefixes (O(n²), fine for books of hundreds of chapters).
 * Greedy filling was rejected because an early long run can push every later session
 * off target. A chapter at or above the target never shares a session.
 */
function groupByWords(chapters: TPlanChapter[], target: number): NumberedChapter[][] {
  const all = numbered(chapters);
  const n = all.length;
  const prefix = [0];
  for (const entry of all) prefix.push((prefix.at(-1) ?? 0) + entry.chapter.wordCount);
  const isLong = (i: number) => (all[i]?.chapter.wordCount ?? 0) >= target;
  const best: number[] = [0];
  const cut: number[] = [0];
  for (let end = 1; end <= n; end++) {
    best[end] = Infinity;
    cut[end] = end - 1;
    for (let start = end - 1; start >= 0; start--) {
      const length = end - start;
      // A long chapter at either end of the run rules out this run and every longer one.
      if (length > 1 && (isLong(start) || isLong(end - 1))) break;
      const words = (prefix[end] ?? 0) - (prefix[start] ?? 0);
      const cost = (best[start] ?? Infinity) + (words - target) ** 2;
      if (cost < (best[end] ?? Infinity)) {
        best[end] = cost;
        cut[end] = start;
      }
      // Runs only grow from here; once past twice the target no longer run can win.
      if (words > 2 * target && length > 1) break;
    }
  }
  const groups: NumberedChapter[][] = [];
  for (let end = n; end > 0; end = cut[end] ?? 0) groups.unshift(all.slice(cut[end] ?? 0, end));
  return groups;
}

function meetingDates(
  startDate: string,
  weekdays: Set<number>,
  skip: Set<string>,
  count: number,
): DateTime<true>[] {
  const dates: DateTime<true>[] = [];
  // Calendar arithmetic on plain dates, in UTC so no clock change can shift a day.
  let day = DateTime.fromISO(startDate, { zone: "utc" }) as DateTime<true>;
  while (dates.length < count) {
    if (weekdays.has(day.weekday) && !skip.has(day.toISODate())) dates.push(day);
    day = day.plus({ days: 1 });
  }
  return dates;
}

function renderTitle(template: string, index: number, group: NumberedChapter[]): string {
  const first = group[0]?.number ?? 0;
  const last = group.at(-1)?.number ?? first;
  const chapters = first === last ? `Chapter ${first}` : `Chapters ${first}–${last}`;
  const titles = group.map((entry) => entry.chapter.title).join(", ");
  return template.replace(/\{(n|chapters|titles)\}/g, (_match, key: string) =>
    key === "n" ? String(index) : key === "chapters" ? chapters : titles,
  );
}
