import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { ZInstant } from "@/lib/sessions/session-schemas";

export const ZCreateAssignmentsInput = z
  .object({
    chapterIds: z.array(z.string().min(1).max(64)).min(1, "Pick at least one chapter").max(500),
    /** Due by this session (the default: the next session that covers the chapter). */
    sessionId: z.string().min(1).max(64).optional(),
    /** Or due by a date. */
    dueAt: ZInstant.optional(),
    /** Chosen members; absent or empty means everyone in the group. */
    memberIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
  })
  .strict()
  .refine((data) => !(data.sessionId && data.dueAt), {
    message: "Give a session or a date, not both",
    path: ["dueAt"],
  });

export const assignmentSelect = {
  id: true,
  forEveryone: true,
  dueAt: true,
  createdAt: true,
  chapter: {
    select: { id: true, title: true, index: true, text: { select: { id: true, title: true } } },
  },
  session: { select: { id: true, title: true, startsAt: true, status: true } },
  members: { select: { user: { select: { id: true, name: true } } } },
} satisfies Prisma.AssignmentSelect;

type AssignmentRow = Prisma.AssignmentGetPayload<{ select: typeof assignmentSelect }>;

/** When a reading is due: its session's start, else its date. */
export function dueOf(row: {
  dueAt: Date | null;
  session: { startsAt: Date } | null;
}): Date | null {
  return row.session?.startsAt ?? row.dueAt;
}

export function toAssignmentView(row: AssignmentRow) {
  return {
    id: row.id,
    chapter: {
      id: row.chapter.id,
      title: row.chapter.title,
      index: row.chapter.index,
      textId: row.chapter.text.id,
      textTitle: row.chapter.text.title,
    },
    session: row.session
      ? {
          id: row.session.id,
          title: row.session.title,
          startsAt: row.session.startsAt.toISOString(),
          cancelled: row.session.status === "CANCELLED",
        }
      : null,
    dueAt: dueOf(row)?.toISOString() ?? null,
    forEveryone: row.forEveryone,
    members: row.members.map((member) => member.user),
  };
}

export type AssignmentView = ReturnType<typeof toAssignmentView>;
