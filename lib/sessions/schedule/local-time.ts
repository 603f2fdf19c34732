import { DateTime, IANAZone } from "luxon";
import { AppError } from "@/lib/errors/app-error";

/** Wall-clock parts of a local date and time, with no zone attached. */
export type LocalDateTimeParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
};

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

export function isValidLocalDate(value: string): boolean {
  return DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: "utc" }).isValid;
}

export function isValidLocalTime(value: string): boolean {
  return TIME_PATTERN.test(value);
}

/**
 * Resolves a wall-clock time in `timeZone` to one instant, the way Temporal's
 * "compatible" disambiguation does, so the rule is one people already know:
 * - a time that happens twice (autumn fall-back) resolves to the EARLIER occurrence;
 * - a time that never happens (spring gap) is pushed forward by the length of the gap,
 *   e.g. 01:30 in London on the last Sunday of March becomes 02:30 BST, 02:30 in
 *   New York on the second Sunday of March becomes 03:30 EDT.
 * luxon alone picks the later occurrence for repeated times, hence this wrapper.
 */
export function resolveLocal(parts: LocalDateTimeParts, timeZone: string): DateTime<true> {
  const zone = IANAZone.create(timeZone);
  const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  const dayMs = 86_400_000;
  const offsetBefore = zone.offset(wallAsUtc - dayMs);
  const offsetAfter = zone.offset(wallAsUtc + dayMs);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => {
      const offset = zone.offset(instant);
      return instant + offset * 60_000 === wallAsUtc;
    })
    .sort((a, b) => a - b);
  // No candidate means the spring gap: keep the offset in force before it, which lands
  // the meeting the gap's length later on the clock.
  const instant = candidates[0] ?? wallAsUtc - offsetBefore * 60_000;
  const resolved = DateTime.fromMillis(instant, { zone });
  if (!resolved.isValid) throw new Error(`Cannot resolve local time in ${timeZone}`);
  return resolved;
}

/** Wall-clock parts of an instant as seen in `timeZone`. */
export function localParts(instant: DateTime): LocalDateTimeParts {
  return {
    year: instant.year,
    month: instant.month,
    day: instant.day,
    hour: instant.hour,
    minute: instant.minute,
  };
}

const EXPLICIT_OFFSET = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses an ISO instant or a Date. A string must carry Z or an offset: without one
 * luxon would read it in the server's own zone, which is never what a caller meant.
 */
export function toInstant(value: string | Date): DateTime<true> {
  const parsed =
    typeof value === "string"
      ? EXPLICIT_OFFSET.test(value)
        ? DateTime.fromISO(value, { setZone: true })
        : DateTime.invalid("missing offset")
      : DateTime.fromJSDate(value);
  if (!parsed.isValid)
    throw new AppError("bad_request", `Not an instant with a time zone offset: ${String(value)}`);
  return parsed;
}

/** UTC ISO string with milliseconds dropped, the form the schedule modules hand out. */
export function toUtcIso(instant: DateTime): string {
  return instant.toUTC().toISO({ suppressMilliseconds: true }) ?? "";
}
