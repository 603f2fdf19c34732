"use client";

import { useEffect, useMemo, useState } from "react";
import { readLive, type TLiveSnapshot } from "@/lib/sessions/live/document/session-document";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

const EMPTY_LIVE: TLiveSnapshot = {
  host: null,
  spotlight: null,
  agenda: [],
  queue: [],
  floor: null,
  floorAt: null,
};

/**
 * The session document's state (host, spotlight, queue, agenda). Only changes of the document
 * count: `useDocValue` also re-reads on every presence message, and in a room of a hundred
 * that re-rendered the whole room several times a second; presence has its own throttled hooks.
 */
export function useLiveSnapshot(sessionDoc: CollabDoc | null): TLiveSnapshot {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!sessionDoc) return;
    const bump = () => setVersion((v) => v + 1);
    sessionDoc.doc.on("update", bump);
    return () => sessionDoc.doc.off("update", bump);
  }, [sessionDoc]);
  // The version stands for the document's content, which the memo cannot see.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (sessionDoc ? readLive(sessionDoc.doc) : EMPTY_LIVE), [sessionDoc, version]);
}
