import { DateTime } from "luxon";
import type { Metadata } from "next";
import Link from "next/link";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { listSessions } from "@/lib/sessions/list-sessions";
import { SessionsNav } from "../sessions/_components/sessions-nav";
import { SubscribePanel } from "../sessions/_components/subscribe-panel";

export const metadata: Metadata = { title: "Calendar" };

type Props = {
  params: Promise<{ groupId: string }>;
  searchParams: Promise<{ month?: string }>;
};

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** A month of sessions, laid out in the viewer's time zone, Monday first. */
export default async function CalendarPage({ params, searchParams }: Props) {
  const { groupId } = await params;
  const { month } = await searchParams;
  const { user, access } = await requirePageAccess(`/groups/${groupId}/calendar`, "sessions.view", {
    type: "group",
    id: groupId,
  });
  const zone = user.timeZone;
  const requested =
    month && /^\d{4}-\d{2}$/.test(month) ? DateTime.fromISO(`${month}-01`, { zone }) : null;
  const first = (requested?.isValid ? requested : DateTime.now().setZone(zone)).startOf("month");
  const gridStart = first.minus({ days: first.weekday - 1 });
  const last = first.endOf("month");
  const gridEnd = last.plus({ days: 7 - last.weekday }).endOf("day");
  const [group, sessions] = await Promise.all([
    getGroup(access),
    listSessions(access, {
      from: gridStart.toUTC().toISO() ?? undefined,
      to: gridEnd.toUTC().toISO() ?? undefined,
    }),
  ]);
  const byDay = new Map<string, typeof sessions>();
  for (const session of sessions) {
    const day = DateTime.fromISO(session.startsAt).setZone(zone).toISODate() ?? "";
    byDay.set(day, [...(byDay.get(day) ?? []), session]);
  }
  const days: DateTime[] = [];
  for (let day = gridStart; day <= gridEnd; day = day.plus({ days: 1 })) days.push(day);
  const today = DateTime.now().setZone(zone).toISODate();
  const monthHref = (at: DateTime) => `/groups/${groupId}/calendar?month=${at.toFormat("yyyy-MM")}`;

  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav
        groupId={groupId}
        active="month"
        canManage={can(access.role, "sessions.manage")}
      />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-serif text-xl font-semibold">
          {first.setLocale("en-GB").toFormat("LLLL yyyy")}
        </h2>
        <div className="flex gap-1 text-sm">
          <Link
            href={monthHref(first.minus({ months: 1 }))}
            className="whitespace-nowrap rounded-md border border-line px-3 py-1 hover:bg-accent-soft"
          >
            ← Previous
          </Link>
          <Link
            href={monthHref(DateTime.now().setZone(zone))}
            className="whitespace-nowrap rounded-md border border-line px-3 py-1 hover:bg-accent-soft"
          >
            Today
          </Link>
          <Link
            href={monthHref(first.plus({ months: 1 }))}
            className="whitespace-nowrap rounded-md border border-line px-3 py-1 hover:bg-accent-soft"
          >
            Next →
          </Link>
        </div>
      </div>
      {/* On a phone the whole week fits (a day is a seventh of the screen, its sessions just their
          times): a month that scrolled sideways hid Friday to Sunday. */}
      <div className="relative overflow-x-auto">
        <div className="grid grid-cols-7 overflow-hidden rounded-xl border border-line text-sm sm:min-w-[42rem]">
          {WEEKDAYS.map((day) => (
            <div
              key={day}
              className="border-b border-line bg-accent-soft px-2 py-1 text-xs font-semibold"
            >
              {day}
            </div>
          ))}
          {days.map((day) => {
            const key = day.toISODate() ?? "";
            const inMonth = day.month === first.month;
            return (
              <div
                key={key}
                className={`min-h-16 min-w-0 border-b border-r border-line p-1 sm:min-h-24 ${inMonth ? "" : "bg-black/[0.03] text-muted"}`}
              >
                <div
                  className={`mb-1 text-xs ${key === today ? "inline-block rounded-full bg-accent px-1.5 font-semibold text-paper" : ""}`}
                >
                  {day.day}
                </div>
                <ul className="space-y-1">
                  {(byDay.get(key) ?? []).map((session) => (
                    <li key={session.id}>
                      <Link
                        href={`/groups/${groupId}/sessions/${session.id}`}
                        className={`block truncate rounded px-0.5 py-0.5 text-[11px] tabular-nums sm:px-1 sm:text-xs ${
                          session.status === "cancelled"
                            ? "text-muted line-through"
                            : "bg-accent-soft hover:underline"
                        }`}
                        title={session.title}
                      >
                        {DateTime.fromISO(session.startsAt).setZone(zone).toFormat("HH:mm")}
                        <span className="sr-only sm:not-sr-only"> {session.title}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      </div>
      <p className="mt-2 text-xs text-muted">Times in your time zone, {zone}.</p>
      <Card className="mt-6 max-w-xl">
        <h2 className="mb-3 font-serif text-lg font-semibold">Subscribe</h2>
        <SubscribePanel
          endpoint={`/api/groups/${groupId}/calendar`}
          label="Add this group's sessions to Google, Apple or Outlook calendar."
        />
      </Card>
    </div>
  );
}
