"use client";

import { useEffect, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import type { CollabConnection } from "@/lib/collab-client/connection";
import type { TNextSession } from "@/lib/sessions/live/next-session-for-chapter";

/** Notifications that mean the group's sessions changed (created, moved, cancelled, planned). */
export function isSessionNotice(kind: string): boolean {
  return kind.startsWith("session.");
}

/**
 * The chapter's next session, kept current while the reader stays on the page: members hear of
 * a session scheduled, moved or cancelled through the `notification` event on the socket they
 * already have, and after a reconnection (events missed while away) the margin asks again.
 */
export function useLiveNextSession(
  initial: TNextSession | null,
  chapterId: string,
  connection: CollabConnection | null,
): TNextSession | null {
  const [session, setSession] = useState(initial);
  useEffect(() => setSession(initial), [initial]);

  useEffect(() => {
    if (!connection) return;
    let seen = connection.notices.length;
    let status = connection.status;
    let stale = false;
    const refresh = async () => {
      const result = await callApi<{ session: TNextSession | null }>(
        `/api/chapters/${chapterId}/next-session`,
      );
      if (!stale && result.ok) setSession(result.data.session);
    };
    const unsubscribe = connection.subscribe(() => {
      const fresh = connection.notices.slice(seen);
      seen = connection.notices.length;
      const reconnected = status !== "connected" && connection.status === "connected";
      status = connection.status;
      if (reconnected || fresh.some((notice) => isSessionNotice(notice.kind))) void refresh();
    });
    return () => {
      stale = true;
      unsubscribe();
    };
  }, [connection, chapterId]);

  return session;
}
