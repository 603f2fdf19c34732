"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import type { CollabConnection } from "@/lib/collab-client/connection";
import { useGroupChange } from "@/lib/collab-client/hooks";
import type { TSessionMark } from "@/lib/sessions/live/list-session-marks";

const EMPTY_MARKS: TSessionMark[] = [];

/**
 * The threads brought to a session and their votes, for the margin and the live room alike:
 * fetched on opening, after each of the caller's own actions (`refresh`), whenever the server
 * says another member (or the host) changed them, and after a reconnection.
 */
export function useSessionMarks(
  connection: CollabConnection | null,
  sessionId: string | null,
): { marks: TSessionMark[]; refresh: () => Promise<void> } {
  const [marks, setMarks] = useState<TSessionMark[]>(EMPTY_MARKS);
  // A nudge and the caller's own refresh can cross: only the latest request's answer counts.
  const latestRequest = useRef(0);
  const refresh = useCallback(async () => {
    if (!sessionId) return;
    const request = ++latestRequest.current;
    const result = await callApi<{ marks: TSessionMark[] }>(`/api/sessions/${sessionId}/marks`);
    if (result.ok && request === latestRequest.current) setMarks(result.data.marks);
  }, [sessionId]);
  useEffect(() => {
    setMarks(EMPTY_MARKS);
    void refresh();
  }, [refresh]);
  useGroupChange(
    connection,
    "session-marks-changed",
    (payload) => payload.sessionId === sessionId,
    () => void refresh(),
  );
  return { marks, refresh };
}
