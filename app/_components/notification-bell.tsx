"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { notificationText } from "@/app/_components/notification-text";
import { collabConnection } from "@/lib/collab-client/connection";

type Item = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
  shielded?: boolean;
};

/** The bell: unread count, a short list, mark read; new notifications arrive live over the socket. */
export function NotificationBell({ userId }: { userId: string }) {
  const [items, setItems] = useState<Item[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const response = await fetch("/api/notifications?limit=8");
    if (!response.ok) return;
    const body = (await response.json()) as { notifications: Item[]; unread: number };
    setItems(body.notifications);
    setUnread(body.unread);
  }, []);

  useEffect(() => {
    void load();
    const connection = collabConnection(userId);
    let seen = connection.notices.length;
    return connection.subscribe(() => {
      if (connection.notices.length !== seen) {
        seen = connection.notices.length;
        void load();
      }
    });
  }, [userId, load]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  async function markAll() {
    await fetch("/api/notifications/read", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ all: true }),
    });
    await load();
  }

  return (
    <div className="relative" ref={panel}>
      <button
        type="button"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        className="relative flex items-center rounded px-2 py-1 text-muted hover:text-ink"
      >
        <Bell aria-hidden className="h-5 w-5" strokeWidth={1.75} />
        {unread > 0 ? (
          <span
            aria-hidden
            className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-accent px-1 text-center text-[10px] font-semibold leading-4 text-paper"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="absolute right-0 z-50 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-lg border border-line bg-paper p-2 shadow-lg">
          <div className="flex items-center justify-between px-2 py-1">
            <span className="text-sm font-semibold">Notifications</span>
            {unread > 0 ? (
              <button
                type="button"
                className="text-xs text-accent hover:underline"
                onClick={() => void markAll()}
              >
                Mark all read
              </button>
            ) : null}
          </div>
          {items.length === 0 ? <p className="px-2 py-3 text-sm text-muted">Nothing yet.</p> : null}
          <ul className="max-h-96 overflow-y-auto">
            {items.map((item) => (
              <li key={item.id}>
                <Link
                  href={typeof item.payload.url === "string" ? item.payload.url : "/notifications"}
                  onClick={() => {
                    setOpen(false);
                    void fetch("/api/notifications/read", {
                      method: "POST",
                      headers: { "content-type": "application/json" },
                      body: JSON.stringify({ ids: [item.id] }),
                    });
                  }}
                  className={`block rounded px-2 py-2 text-sm hover:bg-accent-soft ${item.readAt ? "text-muted" : "font-medium"}`}
                >
                  {notificationText(item.kind, item.payload, { shielded: item.shielded })}
                </Link>
              </li>
            ))}
          </ul>
          <Link
            href="/notifications"
            onClick={() => setOpen(false)}
            className="block px-2 py-1 text-xs text-accent hover:underline"
          >
            All notifications
          </Link>
        </div>
      ) : null}
    </div>
  );
}
