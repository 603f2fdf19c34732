"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import type { CollabConnection } from "@/lib/collab-client/connection";
import { useGroupChange } from "@/lib/collab-client/hooks";
import type { TNextSession } from "@/lib/sessions/live/next-session-for-chapter";

/**
 * The chapter's next session, kept current while the reader stays on the page: every member's
 * sockets, the scheduler's own other tabs included, hear `sessions-changed` when a session is
 * scheduled, edited, moved or cancelled, and after a reconnection (nudges missed while away) the
 * margin asks again. The nudge names a group, not a chapter, and a chapter page does not know its
 * group: any group's nudge asks again (sessions change a few times a week).
 */
export function useLiveNextSession(
  initial: TNextSession | null,
  chapterId: string,
  connection: CollabConnection | null,
): TNextSession | null {
  const [session, setSession] = useState(initial);
  useEffect(() => setSession(initial), [initial]);
  // Only the latest request's answer counts: two nudges in a row can cross.
  const latestRequest = useRef(0);
  const refresh = useCallback(() => {
    const request = ++latestRequest.current;
    void callApi<{ session: TNextSession | null }>(`/api/chapters/${chapterId}/next-session`).then(
      (result) => {
        if (result.ok && request === latestRequest.current) setSession(result.data.session);
      },
    );
  }, [chapterId]);
  useGroupChange(connection, "sessions-changed", null, refresh);
  return session;
}
