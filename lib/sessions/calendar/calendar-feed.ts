import ical, {
  escape,
  ICalCalendarMethod,
  ICalEventStatus,
  ICalEventTransparency,
} from "ical-generator";
import type { ICalCalendar } from "ical-generator";
import { AppError } from "@/lib/errors/app-error";
import { isValidTimeZone, toInstant } from "@/lib/sessions/schedule/local-time";
import { buildVtimezone } from "./vtimezone";

export type CalendarEvent = {
  sessionId: string;
  /** Bumped by the caller on every edit of the session (RFC 5545 SEQUENCE). */
  sequence: number;
  title: string;
  description: string;
  /** Instants: ISO strings with Z or an offset, or Dates. */
  startsAt: string | Date;
  endsAt: string | Date;
  /** The group's home IANA zone; the event is written in it. */
  timeZone: string;
  location?: string | null;
  url?: string | null;
  cancelled: boolean;
  updatedAt: string | Date;
};

export type BuildCalendarInput = {
  name: string;
  /** The group's home zone. Checked; each event is written in its own `timeZone`. */
  timeZone: string;
  events: readonly CalendarEvent[];
  /** Where the feed lives, written as the calendar URL. */
  url?: string | null;
};

/** ical-generator writes the leading "-" itself. */
const PROD_ID = "//Marginalia//Reading group sessions//EN";
/** Clients that honour it poll a subscribed feed hourly (Google polls on its own schedule). */
const REFRESH_SECONDS = 60 * 60;

/** Stable per session, so a changed or cancelled session replaces its old copy. */
export function sessionEventUid(sessionId: string): string {
  return `session-${sessionId}@marginalia`;
}

/**
 * A subscribable calendar feed (RFC 5545) of a group's sessions.
 *
 * Times are written as local time with TZID=<IANA zone> plus a VTIMEZONE for that zone,
 * rather than as UTC, because:
 * - Google Calendar and Apple Calendar recognise IANA names in TZID and show the session
 *   in the group's zone when it differs from the viewer's ("19:30 London time");
 * - Outlook (desktop and web) only trusts a TZID it can resolve, and resolves ours
 *   through the VTIMEZONE we ship, which RFC 5545 requires for every TZID anyway;
 * - the meeting's meaning is a local wall-clock time, which is what survives
 *   copy/duplicate in the clients.
 * Each event is a single instance (no RRULE), so the VTIMEZONE only has to be right for
 * the years the events fall in; see buildVtimezone.
 *
 * METHOD:PUBLISH because a subscribed feed is not a scheduling message: it carries no
 * ATTENDEE/ORGANIZER workflow, and REQUEST/CANCEL would make Outlook treat it as an
 * invitation. Cancelled sessions stay in the feed with STATUS:CANCELLED (and as
 * transparent time, prefixed "Cancelled:" for clients that ignore STATUS) so a
 * subscriber's copy is updated instead of silently lingering.
 */
export function buildCalendar(input: BuildCalendarInput): string {
  assertZone(input.timeZone);
  // The feed's zone is written by the VTIMEZONE each event's TZID points to.
  const calendar = newCalendar(input.name, input.events);
  if (input.url) calendar.url(input.url);
  calendar.ttl(REFRESH_SECONDS);
  for (const event of input.events) addEvent(calendar, event);
  return calendarPropertiesFirst(calendar.toString());
}

/** One session as a standalone .ics, for an "add to calendar" download. */
export function buildSingleEventIcs(event: CalendarEvent): string {
  const calendar = newCalendar(event.title, [event]);
  addEvent(calendar, event);
  return calendarPropertiesFirst(calendar.toString());
}

/**
 * RFC 5545 §3.4 puts every calendar property before the first component; ical-generator 10
 * writes REFRESH-INTERVAL, X-PUBLISHED-TTL and friends after the VTIMEZONEs. Moves each
 * top-level property (with its folded continuation lines) up, keeping their order, and ends
 * the last line with CRLF.
 */
export function calendarPropertiesFirst(ics: string): string {
  const lines = ics.split("\r\n");
  if (lines.at(-1) === "") lines.pop();
  // Content lines with their continuation lines (RFC 5545 §3.1 folding).
  const contentLines: string[][] = [];
  for (const line of lines) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && contentLines.length > 0)
      contentLines.at(-1)!.push(line);
    else contentLines.push([line]);
  }
  const head: string[][] = [];
  const moved: string[][] = [];
  const rest: string[][] = [];
  let depth = 0;
  let componentSeen = false;
  for (const contentLine of contentLines) {
    const first = contentLine[0]!.toUpperCase();
    if (first.startsWith("BEGIN:")) {
      depth++;
      if (depth === 2) componentSeen = true;
      (componentSeen ? rest : head).push(contentLine);
    } else if (first.startsWith("END:")) {
      depth--;
      (depth === 0 ? rest : componentSeen ? rest : head).push(contentLine);
    } else if (depth === 1 && componentSeen) {
      moved.push(contentLine);
    } else {
      (componentSeen ? rest : head).push(contentLine);
    }
  }
  // RFC 5545 §3.1: every content line ends in CRLF, the last one too (ical-generator 10 leaves
  // the last without it; strict parsers drop or refuse that line).
  return `${[...head, ...moved, ...rest].flat().join("\r\n")}\r\n`;
}

function newCalendar(name: string, events: readonly CalendarEvent[]): ICalCalendar {
  const years = events.flatMap((event) => [
    toInstant(event.startsAt).year,
    toInstant(event.endsAt).year,
  ]);
  // Only an empty feed reads the clock, so the same sessions always give the same bytes.
  if (years.length === 0) years.push(new Date().getUTCFullYear());
  // One year of margin either side: a viewer far east or west of UTC may see a date in
  // the neighbouring year.
  const fromYear = Math.min(...years) - 1;
  const toYear = Math.max(...years) + 1;
  return ical({
    // ical-generator 10 writes NAME and X-WR-CALNAME as given, unlike every event property:
    // escape with its own RFC 5545 TEXT rules, or a CR/LF in a title would start new lines.
    name: escape(name, false),
    prodId: PROD_ID,
    method: ICalCalendarMethod.PUBLISH,
    // The calendar-level zone name is left empty on purpose: when it is set,
    // ical-generator 10 writes DTSTAMP and LAST-MODIFIED as local times without "Z",
    // which RFC 5545 forbids. Events carry their own TZID, and the generator still runs
    // for every zone an event uses. (X-WR-TIMEZONE only matters for floating times,
    // which we never write, and ical-generator would put it after the events.)
    timezone: { name: "", generator: (zone) => buildVtimezone(zone, fromYear, toYear) },
  });
}

function addEvent(calendar: ICalCalendar, event: CalendarEvent): void {
  assertZone(event.timeZone);
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new AppError("bad_request", "Event sequence must be a non-negative integer");
  }
  const updatedAt = toInstant(event.updatedAt).toUTC();
  calendar.createEvent({
    id: sessionEventUid(event.sessionId),
    sequence: event.sequence,
    start: toInstant(event.startsAt).setZone(event.timeZone),
    end: toInstant(event.endsAt).setZone(event.timeZone),
    timezone: event.timeZone,
    summary: event.cancelled ? `Cancelled: ${event.title}` : event.title,
    description: event.description || null,
    location: event.location || null,
    url: event.url || null,
    status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: event.cancelled
      ? ICalEventTransparency.TRANSPARENT
      : ICalEventTransparency.OPAQUE,
    // DTSTAMP from the row, not the clock: the same data yields the same bytes, so the
    // feed can be served with a stable ETag.
    stamp: updatedAt,
    lastModified: updatedAt,
  });
}

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone))
    throw new AppError("bad_request", `Unknown time zone: ${timeZone}`);
}
