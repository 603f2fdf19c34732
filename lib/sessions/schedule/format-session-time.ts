import type { DateTime } from "luxon";
import { AppError } from "@/lib/errors/app-error";
import { isValidTimeZone, toInstant } from "./local-time";

export type FormatSessionTimeInput = {
  startsAt: string | Date;
  endsAt: string | Date;
  /** The zone the reader is in (browser or profile setting). */
  viewerTimeZone: string;
  /** The group's home zone, where the meeting is "really" held. */
  homeTimeZone: string;
  /** BCP 47 locale for day and month names; zone names follow it too ("BST" in en-GB). */
  locale?: string;
};

/**
 * "Tue 3 Mar, 19:30–21:00 (GMT) · 14:30 in New York": the session in the viewer's zone,
 * then the start in the group's home zone when the two clocks differ at that moment
 * (zones with different names but the same offset, like Lisbon and London in winter,
 * would only repeat the same time). The home part names the weekday when the home date
 * differs from the viewer's. A session running past midnight names both days.
 */
export function formatSessionTime(input: FormatSessionTimeInput): string {
  for (const zone of [input.viewerTimeZone, input.homeTimeZone]) {
    if (!isValidTimeZone(zone)) throw new AppError("bad_request", `Unknown time zone: ${zone}`);
  }
  const locale = input.locale ?? "en-GB";
  const start = toInstant(input.startsAt).setZone(input.viewerTimeZone).setLocale(locale);
  const end = toInstant(input.endsAt).setZone(input.viewerTimeZone).setLocale(locale);

  const day = (at: DateTime) => at.toFormat("ccc d LLL");
  const time = (at: DateTime) => at.toFormat("HH:mm");
  const range =
    start.toISODate() === end.toISODate()
      ? `${day(start)}, ${time(start)}–${time(end)}`
      : `${day(start)}, ${time(start)} – ${day(end)}, ${time(end)}`;
  const viewerPart = `${range} (${start.offsetNameShort ?? start.toFormat("ZZ")})`;

  const home = start.setZone(input.homeTimeZone);
  if (home.offset === start.offset) return viewerPart;
  // Compare calendar dates as read on each clock (luxon's hasSame would convert zones).
  const homeDay = home.toISODate() === start.toISODate() ? "" : `${home.toFormat("ccc")} `;
  return `${viewerPart} · ${homeDay}${time(home)} in ${cityName(input.homeTimeZone)}`;
}

/** "America/New_York" → "New York", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function cityName(timeZone: string): string {
  return (timeZone.split("/").at(-1) ?? timeZone).replace(/_/g, " ");
}
