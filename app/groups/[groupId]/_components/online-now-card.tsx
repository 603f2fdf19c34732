"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Avatar } from "@/app/_components/avatar";
import { Card } from "@/app/_components/ui";
import type { OnlineMemberView } from "@/lib/groups/list-online-members";

const REFRESH_MS = 30_000;

/**
 * Who of the group has the app open now and what they are reading. Fetched on mount and every
 * 30 s while the page is visible; a hidden tab does not poll and refreshes when shown again.
 */
export function OnlineNowCard({ groupId, viewerId }: { groupId: string; viewerId: string }) {
  const [online, setOnline] = useState<OnlineMemberView[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const refresh = async () => {
      const result = await callApi<{ online: OnlineMemberView[] }>(`/api/groups/${groupId}/online`);
      if (!cancelled && result.ok) setOnline(result.data.online);
    };
    const start = () => {
      if (timer !== undefined || document.visibilityState !== "visible") return;
      void refresh();
      timer = window.setInterval(() => void refresh(), REFRESH_MS);
    };
    const stop = () => {
      window.clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => (document.visibilityState === "visible" ? start() : stop());
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      cancelled = true;
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [groupId]);

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
