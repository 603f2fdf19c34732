"use client";

import { useEffect } from "react";
import { avatarColor } from "@/app/_components/avatar";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

/**
 * Tells a document's peers who I am plus `where` (JSON: the paragraph in view, the selection,
 * whether I follow the host…). An unchanged state is not sent again: every state goes to every
 * peer, and y-protocols renews it on its own.
 */
export function usePublishPresence(
  doc: CollabDoc | null,
  user: { id: string; name: string },
  where: Record<string, unknown>,
): void {
  // The effect runs when the state's content changes, not each time the caller builds the object.
  const key = JSON.stringify(where);
  useEffect(() => {
    if (!doc) return;
    doc.awareness.setLocalState({
      user: { id: user.id, name: user.name, color: avatarColor(user.id) },
      ...(JSON.parse(key) as Record<string, unknown>),
    });
  }, [doc, user.id, user.name, key]);
}
