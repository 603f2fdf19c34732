import type { Prisma } from "@/generated/prisma/client";

export const heldCommentSelect = {
  id: true,
  sessionId: true,
  chapterId: true,
  threadId: true,
  messageId: true,
  anchor: true,
  body: true,
  revealAt: true,
  confirmedAt: true,
  revealError: true,
  createdAt: true,
} satisfies Prisma.HeldCommentSelect;

type Row = Prisma.HeldCommentGetPayload<{ select: typeof heldCommentSelect }>;

export type THeldCommentView = {
  id: string;
  sessionId: string | null;
  chapterId: string;
  threadId: string;
  messageId: string;
  anchor: { paragraphId: string; start: number; end: number; exact: string };
  body: string;
  status: "held" | "revealed" | "failed";
  revealAt: string;
  createdAt: string;
};

export function toHeldCommentView(row: Row, sessionStartsAt?: Date): THeldCommentView {
  // Stored by holdComment after validation against ZCommentAnchor.
  const anchor = row.anchor as THeldCommentView["anchor"];
  return {
    id: row.id,
    sessionId: row.sessionId,
    chapterId: row.chapterId,
    threadId: row.threadId,
    messageId: row.messageId,
    anchor: {
      paragraphId: anchor.paragraphId,
      start: anchor.start,
      end: anchor.end,
      exact: anchor.exact,
    },
    body: row.body,
    status: row.confirmedAt ? "revealed" : row.revealError ? "failed" : "held",
    // A rescheduled session moves its held comments with it.
    revealAt: (sessionStartsAt ?? row.revealAt).toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}
