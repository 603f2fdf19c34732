"use client";

import { useEffect } from "react";
import { avatarColor } from "@/app/_components/avatar";
import { firstVisibleParagraph } from "@/app/_components/live/presence";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

/**
 * Tells the room who I am, where I am reading and whether I follow the host. Scrolling is
 * debounced and an unchanged place is not sent again: every state goes to every peer.
 */
export function usePublishPresence(
  sessionDoc: CollabDoc | null,
  user: { id: string; name: string },
  chapterId: string,
  following: boolean,
): void {
  useEffect(() => {
    if (!sessionDoc) return;
    let last = "";
    const update = () => {
      const paragraphId = firstVisibleParagraph();
      const key = `${chapterId}:${paragraphId}:${following}`;
      if (key === last) return;
      last = key;
      sessionDoc.awareness.setLocalState({
        user: { id: user.id, name: user.name, color: avatarColor(user.id) },
        chapterId,
        paragraphId,
        following,
      });
    };
    update();
    let timer: number | undefined;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 600);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.clearTimeout(timer);
    };
  }, [sessionDoc, chapterId, following, user.id, user.name]);
}
