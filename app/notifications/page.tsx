import type { Metadata } from "next";
import Link from "next/link";
import { notificationText } from "@/app/_components/notification-text";
import { requestLocale } from "@/app/_components/request-locale";
import { SpoilerShield } from "@/app/_components/spoiler-shield";
import { Card } from "@/app/_components/ui";
import { requirePageUser } from "@/lib/http/page-guard";
import { formatDateTime } from "@/lib/format/date";
import { listNotifications } from "@/lib/notifications/list-notifications";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requirePageUser("/notifications");
  const { notifications, unread } = await listNotifications(user.id, { limit: 200 });
  const dateOptions = { timeZone: user.timeZone, locale: await requestLocale() };
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-1 font-serif text-3xl font-semibold">Notifications</h1>
      <p className="mb-6 text-muted">{unread} unread</p>
      <Card className="p-0">
        {notifications.length === 0 ? (
          <p className="p-6 text-muted">Replies, mentions and reminders will appear here.</p>
        ) : null}
        <ul className="divide-y divide-line">
          {notifications.map((item) => (
            <li key={item.id} className="px-5 py-3">
              <Link
                href={typeof item.payload.url === "string" ? item.payload.url : "#"}
                className={item.readAt ? "text-muted" : "font-medium"}
              >
                {notificationText(item.kind, item.payload, { shielded: item.shielded })}
              </Link>
              {item.shielded ? (
                <div className="mt-1">
                  <SpoilerShield shielded compact label="What they wrote is hidden for now.">
                    <p className="text-sm">{notificationText(item.kind, item.payload)}</p>
                  </SpoilerShield>
                </div>
              ) : null}
              <p className="text-xs text-muted">{formatDateTime(item.createdAt, dateOptions)}</p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
