import { DateTime, IANAZone } from "luxon";

/**
 * Writes an RFC 5545 VTIMEZONE for an IANA zone from the zone data the runtime already
 * has (luxon over Intl), covering the years [fromYear, toYear].
 *
 * Each clock change in the range becomes its own STANDARD/DAYLIGHT observance with an
 * explicit DTSTART and no RRULE. RRULE-based definitions (what tzurl.org and the static
 * packages ship) only describe the zone's CURRENT rules and are wrong for any zone whose
 * rules changed; explicit observances are exact for the years the events use, and they
 * follow the tz database the server is updated with rather than a copied snapshot.
 * A leading observance fixes the offset in force at the start of the range.
 */
export function buildVtimezone(timeZone: string, fromYear: number, toYear: number): string {
  const zone = IANAZone.create(timeZone);
  const rangeStart = Date.UTC(fromYear, 0, 1);
  const rangeEnd = Date.UTC(toYear + 1, 0, 1);
  const initialOffset = zone.offset(rangeStart);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`, `X-LIC-LOCATION:${timeZone}`];
  lines.push(...observance(zone, rangeStart, initialOffset, initialOffset));

  for (const at of transitions(zone, rangeStart, rangeEnd)) {
    lines.push(...observance(zone, at, zone.offset(at - 1000), zone.offset(at)));
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}

/** Instants (ms) at which the zone's offset changes, found by stepping and bisecting. */
function transitions(zone: IANAZone, from: number, to: number): number[] {
  // Half a day is shorter than any gap between two real clock changes.
  const step = 12 * 3_600_000;
  const found: number[] = [];
  let previous = zone.offset(from);
  for (let t = from + step; t <= to; t += step) {
    const current = zone.offset(t);
    if (current === previous) continue;
    // Bisect on whole seconds (clock changes happen on them, and luxon resolves offsets
    // to the second), ending with `high` = first second on the new offset.
    let low = t - step;
    let high = t;
    while (high - low > 1000) {
      const mid = low + Math.floor((high - low) / 2000) * 1000;
      if (zone.offset(mid) === previous) low = mid;
      else high = mid;
    }
    found.push(high);
    previous = current;
  }
  return found;
}

function observance(zone: IANAZone, at: number, offsetFrom: number, offsetTo: number): string[] {
  const after = DateTime.fromMillis(at, { zone });
  const kind = after.isInDST ? "DAYLIGHT" : "STANDARD";
  // DTSTART of an observance is the local time on the clock just before the change.
  const localBefore = DateTime.fromMillis(at + offsetFrom * 60_000, { zone: "utc" });
  const name = abbreviation(after);
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localBefore.toFormat("yyyyLLdd'T'HHmmss")}`,
    `TZOFFSETFROM:${formatOffset(offsetFrom)}`,
    `TZOFFSETTO:${formatOffset(offsetTo)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

/** A letter abbreviation (BST, EDT) when the runtime knows one; TZNAME is optional. */
function abbreviation(instant: DateTime): string | null {
  for (const locale of ["en-US", "en-GB"]) {
    const name = instant.setLocale(locale).offsetNameShort;
    if (name && /^[A-Z]{2,6}$/.test(name)) return name;
  }
  return null;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, "0");
  const mins = String(Math.round(abs % 60)).padStart(2, "0");
  return `${sign}${hours}${mins}`;
}
