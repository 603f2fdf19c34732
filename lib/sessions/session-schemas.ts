import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { RsvpStatus as DbRsvpStatus, SessionRoleKind } from "@/generated/prisma/enums";
import { toInstant } from "@/lib/sessions/schedule/local-time";
import type { SessionRole } from "@/lib/sessions/schedule/rotate-roles";
import { ZTimeZone } from "@/lib/users/user-schemas";

/** An instant as ISO 8601 with Z or an offset ("2026-03-03T19:30:00Z", "...+01:00"). */
export const ZInstant = z
  .string()
  .refine((value) => {
    try {
      toInstant(value);
      return true;
    } catch {
      return false;
    }
  }, "Expected an ISO date-time with Z or an offset")
  .transform((value) => toInstant(value).toJSDate());

const ZOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === "" ? null : value))
    .nullable();

export const ZSessionFields = z.object({
  title: z.string().trim().min(1, "Title is required").max(200),
  description: z.string().trim().max(5000),
  startsAt: ZInstant,
  endsAt: ZInstant,
  /** The zone the meeting is held in (ICS TZID); defaults to the group's home zone. */
  timeZone: ZTimeZone,
  location: ZOptionalText(300),
  videoUrl: z
    .union([z.literal(""), z.url({ protocol: /^https?$/, message: "Must be an http(s) link" })])
    .transform((value) => (value === "" ? null : value))
    .nullable(),
  hostId: z.string().min(1).max(64).nullable(),
  /** Chapters the session covers, in order; any text of the group. */
  chapterIds: z.array(z.string().min(1).max(64)).max(200),
  recap: ZOptionalText(20000),
});

export const ZCreateSessionInput = ZSessionFields.partial({
  description: true,
  timeZone: true,
  location: true,
  videoUrl: true,
  hostId: true,
  chapterIds: true,
  recap: true,
})
  .extend({
    /** Also assign the chapters to everyone, due by this session (the default). */
    assignChapters: z.boolean().optional(),
  })
  .strict();
export type TCreateSessionInput = z.input<typeof ZCreateSessionInput>;

export const ZUpdateSessionInput = ZSessionFields.partial()
  .extend({
    /** When the start moves: move the later sessions of its series by the same local amount. */
    shiftFollowing: z.boolean().optional(),
  })
  .strict();
export type TUpdateSessionInput = z.input<typeof ZUpdateSessionInput>;

export const RSVP_STATUSES = ["going", "maybe", "not_going"] as const;
export type TRsvpStatus = (typeof RSVP_STATUSES)[number];
export const ZRsvpInput = z.object({ status: z.enum(RSVP_STATUSES) }).strict();

export const RSVP_TO_DB: Record<TRsvpStatus, DbRsvpStatus> = {
  going: "GOING",
  maybe: "MAYBE",
  not_going: "NOT_GOING",
};
export const RSVP_FROM_DB: Record<DbRsvpStatus, TRsvpStatus> = {
  GOING: "going",
  MAYBE: "maybe",
  NOT_GOING: "not_going",
};
export const ROLE_TO_DB: Record<SessionRole, SessionRoleKind> = {
  lead: "LEAD",
  summariser: "SUMMARISER",
  questions: "QUESTIONS",
};
export const ROLE_FROM_DB: Record<SessionRoleKind, SessionRole> = {
  LEAD: "lead",
  SUMMARISER: "summariser",
  QUESTIONS: "questions",
};

export const sessionSelect = {
  id: true,
  groupId: true,
  seriesId: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  location: true,
  videoUrl: true,
  status: true,
  sequence: true,
  recap: true,
  updatedAt: true,
  host: { select: { id: true, name: true } },
  chapters: {
    orderBy: { position: "asc" },
    select: {
      chapter: {
        select: {
          id: true,
          title: true,
          index: true,
          wordCount: true,
          text: { select: { id: true, title: true } },
        },
      },
    },
  },
  rsvps: { select: { userId: true, status: true, user: { select: { name: true } } } },
  roles: { select: { role: true, user: { select: { id: true, name: true } } } },
} satisfies Prisma.DiscussionSessionSelect;

export type SessionRow = Prisma.DiscussionSessionGetPayload<{ select: typeof sessionSelect }>;

export type SessionView = ReturnType<typeof toSessionView>;

/** The JSON shape of a session (API and pages): ISO UTC times, chapters with their text. */
export function toSessionView(row: SessionRow, viewerId: string) {
  const counts = { going: 0, maybe: 0, not_going: 0 };
  const names: Record<TRsvpStatus, { userId: string; name: string }[]> = {
    going: [],
    maybe: [],
    not_going: [],
  };
  let myRsvp: TRsvpStatus | null = null;
  for (const rsvp of row.rsvps) {
    const status = RSVP_FROM_DB[rsvp.status];
    counts[status] += 1;
    names[status].push({ userId: rsvp.userId, name: rsvp.user.name });
    if (rsvp.userId === viewerId) myRsvp = status;
  }
  for (const list of Object.values(names)) list.sort((a, b) => a.name.localeCompare(b.name));
  return {
    id: row.id,
    groupId: row.groupId,
    seriesId: row.seriesId,
    title: row.title,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    location: row.location,
    videoUrl: row.videoUrl,
    host: row.host,
    status: row.status === "CANCELLED" ? ("cancelled" as const) : ("scheduled" as const),
    sequence: row.sequence,
    recap: row.recap,
    updatedAt: row.updatedAt.toISOString(),
    chapters: row.chapters.map(({ chapter }) => ({
      id: chapter.id,
      title: chapter.title,
      index: chapter.index,
      wordCount: chapter.wordCount,
      textId: chapter.text.id,
      textTitle: chapter.text.title,
    })),
    rsvp: { counts, names, mine: myRsvp },
    roles: row.roles
      .map((role) => ({ role: ROLE_FROM_DB[role.role], user: role.user }))
      .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role)),
  };
}

const ROLE_ORDER: SessionRole[] = ["lead", "summariser", "questions"];
