"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useSessionMarks } from "@/app/_components/collab/use-session-marks";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import type { CollabConnection } from "@/lib/collab-client/connection";
import { browserDateOptions, formatDateTime } from "@/lib/format/date";
import type { THeldCommentView } from "@/lib/sessions/live/held-comment-view";
import type { TNextSession } from "@/lib/sessions/live/next-session-for-chapter";

type Anchor = TThreadSnapshot["anchor"];

/** What a thread card shows of the session's agenda: whether I brought it (or voted), and votes. */
export type TAgendaToggle = {
  pressed: boolean;
  votes: number;
  busy: boolean;
  sessionLabel: string;
  toggle: () => void;
};

const EMPTY_HELD: THeldCommentView[] = [];

/** The session's start in the viewer's time zone, labelled: "Thu 12 Jun, 19:30 GMT+1". */
export function sessionDate(iso: string): string {
  return formatDateTime(iso, browserDateOptions());
}

/**
 * The margin's side of a session's agenda: its marks (live, see useSessionMarks) as a toggle per
 * thread, and the caller's own comments held for this chapter.
 */
export function useSessionAgenda(
  connection: CollabConnection | null,
  session: TNextSession | null,
  chapterId: string,
  userId: string,
  onError: (message: string | null) => void,
) {
  const sessionId = session?.id ?? null;
  const { marks, refresh: refreshMarks } = useSessionMarks(connection, sessionId);
  const [held, setHeld] = useState<THeldCommentView[]>(EMPTY_HELD);
  const [busy, setBusy] = useState<Set<string>>(new Set());

  const refreshHeld = useCallback(async () => {
    if (!sessionId) return;
    const result = await callApi<{ heldComments: THeldCommentView[] }>(
      `/api/sessions/${sessionId}/held-comments`,
    );
    if (result.ok) setHeld(result.data.heldComments);
  }, [sessionId]);
  useEffect(() => {
    setHeld(EMPTY_HELD);
    void refreshHeld();
  }, [refreshHeld, chapterId]);

  const markOf = useMemo(() => new Map(marks.map((mark) => [mark.threadId, mark])), [marks]);

  const toggleMark = useCallback(
    async (threadId: string) => {
      if (!sessionId) return;
      const mark = markOf.get(threadId);
      setBusy((current) => new Set(current).add(threadId));
      // Not voted yet: marking brings the thread, or adds my vote to someone else's mark.
      // Voted: my own mark with nobody else's vote goes; otherwise only my vote is withdrawn.
      const result = !mark?.votedByMe
        ? await callApi(`/api/sessions/${sessionId}/marks`, { json: { threadId } })
        : mark.markedBy.id === userId && mark.votes <= 1
          ? await callApi(`/api/sessions/${sessionId}/marks/${mark.id}`, { method: "DELETE" })
          : await callApi(`/api/sessions/${sessionId}/marks/${mark.id}/vote`, {
              method: "DELETE",
            });
      onError(result.ok ? null : result.message);
      await refreshMarks();
      setBusy((current) => {
        const next = new Set(current);
        next.delete(threadId);
        return next;
      });
    },
    [sessionId, markOf, userId, onError, refreshMarks],
  );

  const agendaToggle = useCallback(
    (threadId: string): TAgendaToggle | undefined => {
      if (!session) return undefined;
      const mark = markOf.get(threadId);
      return {
        pressed: mark?.votedByMe ?? false,
        votes: mark?.votes ?? 0,
        busy: busy.has(threadId),
        sessionLabel: `${session.title}, ${sessionDate(session.startsAt)}`,
        toggle: () => void toggleMark(threadId),
      };
    },
    [session, markOf, busy, toggleMark],
  );

  /** Posts a comment held until the session; false (and the reason shown) when refused. */
  const hold = useCallback(
    async (anchor: Anchor, body: string): Promise<boolean> => {
      if (!sessionId) return false;
      const result = await callApi(`/api/sessions/${sessionId}/held-comments`, {
        json: { chapterId: anchor.chapterId, anchor, body },
      });
      onError(result.ok ? null : result.message);
      if (result.ok) await refreshHeld();
      return result.ok;
    },
    [sessionId, onError, refreshHeld],
  );

  const withdraw = useCallback(
    async (heldCommentId: string) => {
      if (!sessionId) return;
      const result = await callApi(`/api/sessions/${sessionId}/held-comments/${heldCommentId}`, {
        method: "DELETE",
      });
      onError(result.ok ? null : result.message);
      await refreshHeld();
    },
    [sessionId, onError, refreshHeld],
  );

  // Revealed ones are ordinary threads of the chapter by now.
  const heldHere = useMemo(
    () => held.filter((item) => item.chapterId === chapterId && item.status !== "revealed"),
    [held, chapterId],
  );

  return { agendaToggle, heldHere, hold, withdraw };
}
