"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Avatar } from "@/app/_components/avatar";
import { Card } from "@/app/_components/ui";
import { collabConnection } from "@/lib/collab-client/connection";
import type { OnlineMemberView } from "@/lib/groups/list-online-members";

/** Several nudges in a burst (a page load closes one socket and opens another) make one request. */
const SETTLE_MS = 150;

/**
 * Who of the group has the app open now and what they are reading, from the live sockets (the
 * same source as the reader's presence): the page watches the group on its /collab connection
 * and asks for the list again whenever the server says it changed, and on every reconnect.
 */
export function OnlineNowCard({ groupId, viewerId }: { groupId: string; viewerId: string }) {
  const [online, setOnline] = useState<OnlineMemberView[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const socket = collabConnection(viewerId).socket;
    const refresh = async () => {
      const result = await callApi<{ online: OnlineMemberView[] }>(`/api/groups/${groupId}/online`);
      if (!cancelled && result.ok) setOnline(result.data.online);
    };
    const soon = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void refresh(), SETTLE_MS);
    };
    const watch = () => {
      socket.emit("online:watch", { groupId });
      soon();
    };
    const onChanged = (payload: { groupId?: unknown } | null) => {
      if (payload?.groupId === groupId) soon();
    };
    socket.on("connect", watch);
    socket.on("online-changed", onChanged);
    if (socket.connected) watch();
    else void refresh();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      socket.off("connect", watch);
      socket.off("online-changed", onChanged);
      socket.emit("online:unwatch", { groupId });
    };
  }, [groupId, viewerId]);

  return (
    <Card>
      <h2 className="mb-3 flex items-center gap-2 font-serif text-xl font-semibold">
        <span aria-hidden className="inline-block size-2.5 rounded-full bg-green-600" />
        Online now
      </h2>
      {online === null ? (
        <p className="text-sm text-muted">Looking who is here…</p>
      ) : online.length === 0 ? (
        <p className="text-sm text-muted">No one is online right now.</p>
      ) : (
        <ul className="space-y-3" aria-live="polite">
          {online.map((member) => (
            <li key={member.userId} className="flex items-center gap-3 text-sm">
              <Avatar id={member.userId} name={member.name} />
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {member.name}
                  {member.userId === viewerId ? <span className="text-muted"> (you)</span> : null}
                </p>
                {member.chapter ? (
                  <p className="truncate text-muted">
                    reading{" "}
                    <Link
                      href={`/groups/${groupId}/texts/${member.chapter.textId}/chapters/${member.chapter.id}`}
                      className="text-accent hover:underline"
                    >
                      {member.chapter.title}
                    </Link>
                  </p>
                ) : (
                  <p className="text-muted">online</p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
