import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatDateTimeRange,
  formatFullDate,
  formatNumber,
  formatRelative,
  formatTime,
  localeFromAcceptLanguage,
} from "@/lib/format/date";
import { CHAPTERS, MATCHES, formatCount } from "@/lib/format/count";

const now = new Date("2026-12-02T12:00:00Z");
const evening = new Date("2026-12-03T00:30:00Z"); // 19:30 in New York, the day before

describe("one date format family", () => {
  it("every time names its zone", () => {
    expect(formatTime(evening, { timeZone: "America/New_York", now })).toBe("19:30 GMT-5");
    expect(formatTime(evening, { timeZone: "Europe/London", now })).toBe("00:30 GMT");
    expect(formatDateTime(evening, { timeZone: "America/New_York", now })).toBe(
      "Wed 2 Dec, 19:30 GMT-5",
    );
  });

  it("a date is read on the clock of the zone it is shown in", () => {
    expect(formatDate(evening, { timeZone: "America/New_York", now })).toBe("Wed 2 Dec");
    expect(formatDate(evening, { timeZone: "Europe/Berlin", now })).toBe("Thu 3 Dec");
  });

  it("the year appears only when it is not this year", () => {
    expect(formatDate("2025-03-03T12:00:00Z", { timeZone: "UTC", now })).toBe("Mon, 3 Mar 2025");
    expect(formatFullDate(evening, { timeZone: "UTC", now })).toBe("3 Dec 2026");
  });

  it("a range shares its day and ends with the zone", () => {
    const end = new Date("2026-12-03T02:00:00Z");
    expect(formatDateTimeRange(evening, end, { timeZone: "America/New_York", now })).toBe(
      "Wed 2 Dec, 19:30–21:00 GMT-5",
    );
  });

  it("follows the reader's locale", () => {
    expect(formatDateTime(evening, { timeZone: "America/New_York", locale: "en-US", now })).toBe(
      "Wed, Dec 2, 7:30 PM EST",
    );
    expect(formatNumber(12480, "de-DE")).toBe("12.480");
  });

  it("relative times pick the largest whole unit", () => {
    expect(formatRelative(new Date(now.getTime() - 3 * 60_000), { now })).toBe("3 minutes ago");
    expect(formatRelative(new Date(now.getTime() + 2 * 86_400_000), { now })).toBe("in 2 days");
    expect(formatRelative(new Date(now.getTime() - 86_400_000), { now })).toBe("yesterday");
    expect(formatRelative(now, { now })).toBe("now");
  });

  it("Accept-Language gives the first language Intl knows, by quality", () => {
    expect(localeFromAcceptLanguage("fr-CA,fr;q=0.9,en;q=0.8")).toBe("fr-CA");
    expect(localeFromAcceptLanguage("de;q=0.5, en-US")).toBe("en-US");
    expect(localeFromAcceptLanguage("*;q=0.1, !!bad")).toBe("en-GB");
    expect(localeFromAcceptLanguage(null)).toBe("en-GB");
  });

  it("counts agree with their nouns", () => {
    expect(formatCount(1, MATCHES)).toBe("1 match");
    expect(formatCount(1, CHAPTERS)).toBe("1 chapter");
    expect(formatCount(1204, CHAPTERS)).toBe("1,204 chapters");
  });
});
