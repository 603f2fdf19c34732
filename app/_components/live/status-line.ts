import { browserDateOptions, formatDate } from "@/lib/format/date";

/**
 * The session's state in a few words, for the badge in the room's top bar. A date is written in
 * the browser's time zone and language, so before the page runs in the browser (`browser`
 * false: the server's render and hydration) a session days away is only "Upcoming".
 */
export function statusLine(
  now: number,
  startsAt: number,
  endsAt: number,
  cancelled: boolean,
  browser = true,
): string {
  if (cancelled) return "Cancelled";
  if (now >= endsAt) return "Ended";
  if (now >= startsAt) return "Live now";
  const minutes = Math.round((startsAt - now) / 60_000);
  if (minutes < 60) return `Starts in ${Math.max(1, minutes)} min`;
  if (minutes < 48 * 60) return `Starts in ${Math.round(minutes / 60)} h`;
  if (!browser) return "Upcoming";
  return `Starts ${formatDate(startsAt, { ...browserDateOptions(), now: new Date(now) })}`;
}
