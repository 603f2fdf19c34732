import ical from "node-ical";
import type { VEvent } from "node-ical";
import { describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import {
  buildCalendar,
  buildSingleEventIcs,
  sessionEventUid,
} from "@/lib/sessions/calendar/calendar-feed";
import type { CalendarEvent } from "@/lib/sessions/calendar/calendar-feed";
import { buildVtimezone } from "@/lib/sessions/calendar/vtimezone";

const base: CalendarEvent = {
  sessionId: "s1",
  sequence: 0,
  title: "Session 1: Chapters 1–2",
  description: "Bring questions.",
  startsAt: "2026-03-26T19:30:00Z",
  endsAt: "2026-03-26T21:00:00Z",
  timeZone: "Europe/London",
  cancelled: false,
  updatedAt: "2026-03-01T10:00:00Z",
};

function events(text: string): Record<string, VEvent> {
  const parsed = ical.sync.parseICS(text);
  const byUid: Record<string, VEvent> = {};
  for (const component of Object.values(parsed)) {
    if (component?.type === "VEVENT") byUid[component.uid] = component;
  }
  return byUid;
}

describe("buildCalendar", () => {
  const feed = buildCalendar({
    name: "Moby-Dick group",
    timeZone: "Europe/London",
    url: "https://marginalia.example/groups/g1/calendar.ics",
    events: [
      base,
      // After the March change: 19:30 BST is 18:30 UTC.
      {
        ...base,
        sessionId: "s2",
        sequence: 3,
        startsAt: "2026-04-02T18:30:00Z",
        endsAt: "2026-04-02T20:00:00Z",
      },
      {
        ...base,
        sessionId: "s3",
        sequence: 1,
        cancelled: true,
        startsAt: "2026-04-09T18:30:00Z",
        endsAt: "2026-04-09T20:00:00Z",
      },
      {
        ...base,
        sessionId: "s4",
        timeZone: "America/New_York",
        startsAt: "2026-11-06T00:30:00Z",
        endsAt: "2026-11-06T02:00:00Z",
      },
    ],
  });
  const parsed = events(feed);

  test("each session has a stable UID and its SEQUENCE", () => {
    expect(Object.keys(parsed).sort()).toEqual(["s1", "s2", "s3", "s4"].map(sessionEventUid));
    expect(sessionEventUid("s1")).toBe("session-s1@marginalia");
    expect(Number(parsed["session-s2@marginalia"]?.sequence)).toBe(3);
    expect(Number(parsed["session-s1@marginalia"]?.sequence)).toBe(0);
  });

  test("times come back as the same instants, written in the group's zone on both sides of DST", () => {
    const s1 = parsed["session-s1@marginalia"];
    const s2 = parsed["session-s2@marginalia"];
    const s4 = parsed["session-s4@marginalia"];
    expect(s1?.start.toISOString()).toBe("2026-03-26T19:30:00.000Z");
    expect(s1?.end?.toISOString()).toBe("2026-03-26T21:00:00.000Z");
    expect(s2?.start.toISOString()).toBe("2026-04-02T18:30:00.000Z");
    expect(s4?.start.toISOString()).toBe("2026-11-06T00:30:00.000Z");
    expect(s1?.start.tz).toBe("Europe/London");
    expect(s4?.start.tz).toBe("America/New_York");
    expect(feed).toContain("DTSTART;TZID=Europe/London:20260326T193000");
    expect(feed).toContain("DTSTART;TZID=Europe/London:20260402T193000");
    expect(feed).toContain("DTSTART;TZID=America/New_York:20261105T193000");
  });

  test("ships a VTIMEZONE for every TZID used, and DTSTAMP in UTC", () => {
    const tzids = [...feed.matchAll(/^TZID:(.+)\r$/gm)].map((m) => m[1]);
    expect(tzids.sort()).toEqual(["America/New_York", "Europe/London"]);
    expect(feed).toMatch(/^DTSTAMP:20260301T100000Z\r$/m);
    expect(feed).toMatch(/^LAST-MODIFIED:20260301T100000Z\r$/m);
  });

  test("is a PUBLISH feed and cancelled sessions carry STATUS:CANCELLED", () => {
    expect(feed).toMatch(/^METHOD:PUBLISH\r$/m);
    const cancelled = parsed["session-s3@marginalia"];
    expect(cancelled?.status).toBe("CANCELLED");
    expect(cancelled?.summary).toBe("Cancelled: Session 1: Chapters 1–2");
    expect(cancelled?.transparency).toBe("TRANSPARENT");
    expect(parsed["session-s1@marginalia"]?.status).toBe("CONFIRMED");
  });

  test("the same sessions give the same bytes", () => {
    expect(
      buildCalendar({ name: "Moby-Dick group", timeZone: "Europe/London", events: [base] }),
    ).toBe(buildCalendar({ name: "Moby-Dick group", timeZone: "Europe/London", events: [base] }));
  });

  test("an unknown zone is refused", () => {
    expect(() => buildCalendar({ name: "x", timeZone: "Mars/Olympus", events: [] })).toThrow(
      AppError,
    );
  });
});

describe("buildSingleEventIcs", () => {
  test("commas, semicolons, backslashes and newlines in text survive a round trip", () => {
    const title = "Chapters 1, 2; the \\ whale\nand more";
    const description = "Read ch. 1, 2 & 3.\nBring: questions; notes.";
    const text = buildSingleEventIcs({
      ...base,
      title,
      description,
      location: "Library, Room 2",
      url: "https://m.example/s/1",
    });
    const event = events(text)["session-s1@marginalia"];
    expect(event?.summary).toBe(title);
    expect(event?.description).toBe(description);
    expect(event?.location).toBe("Library, Room 2");
    expect(event?.start.toISOString()).toBe("2026-03-26T19:30:00.000Z");
    expect(text).toContain("SUMMARY:Chapters 1\\, 2\\; the \\\\ whale\\nand more");
    expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });
});

describe("buildVtimezone", () => {
  test("London 2026 has the March and October changes at 01:00 UTC", () => {
    const text = buildVtimezone("Europe/London", 2026, 2026);
    expect(text).toContain(
      ["BEGIN:DAYLIGHT", "DTSTART:20260329T010000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100"].join(
        "\r\n",
      ),
    );
    expect(text).toContain(
      ["BEGIN:STANDARD", "DTSTART:20261025T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000"].join(
        "\r\n",
      ),
    );
  });

  test("follows rule changes: São Paulo stopped daylight saving after February 2019", () => {
    const text = buildVtimezone("America/Sao_Paulo", 2018, 2021);
    const starts = [...text.matchAll(/^DTSTART:(\d{8})/gm)].map((m) => m[1]);
    expect(starts).toEqual(["20171231", "20180218", "20181104", "20190217"]);
  });

  test("a zone without changes gets one observance", () => {
    const text = buildVtimezone("Asia/Tokyo", 2026, 2027);
    expect(text.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toEqual(["BEGIN:STANDARD"]);
    expect(text).toContain("TZOFFSETTO:+0900");
  });
});

describe("text with line breaks cannot add lines to the calendar", () => {
  const injected =
    "Chapter 1\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged\r\nSUMMARY:Forged; party, 3\\4";

  function unfoldedLines(text: string): string[] {
    return text.replace(/\r\n[ \t]/g, "").split("\r\n");
  }

  test.each([
    ["a session title", { title: injected }],
    ["a description", { description: injected }],
    ["a location", { location: injected }],
  ])("%s with CRLF + BEGIN:VEVENT gives one event and round-trips", (_label, change) => {
    const event: CalendarEvent = { ...base, ...change };
    const text = buildSingleEventIcs(event);
    const lines = unfoldedLines(text);
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines.some((line) => line.startsWith("UID:forged"))).toBe(false);
    const parsed = Object.values(events(text));
    expect(parsed).toHaveLength(1);
    const [only] = parsed;
    // RFC 5545 TEXT has one line break, written \n: CRLF comes back as LF, the rest verbatim.
    const expected = injected.replaceAll("\r\n", "\n");
    if ("title" in change) expect(only?.summary).toBe(expected);
    if ("description" in change) expect(only?.description).toBe(expected);
    if ("location" in change) expect(only?.location).toBe(expected);
  });

  test("a lone CR in a title is escaped too", () => {
    const lines = unfoldedLines(buildSingleEventIcs({ ...base, title: "A\rBEGIN:VEVENT" }));
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines).toContain("SUMMARY:A\\nBEGIN:VEVENT");
    expect(lines.some((line) => line.includes("\r"))).toBe(false);
  });

  test("the calendar name (a group's name, a session's title) is escaped", () => {
    const feed = buildCalendar({ name: injected, timeZone: "Europe/London", events: [base] });
    const lines = unfoldedLines(feed);
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines).toContain(
      "X-WR-CALNAME:Chapter 1\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:forged\\nSUMMARY:Forged\\; party\\, 3\\\\4",
    );
    expect(Object.keys(events(feed))).toEqual([sessionEventUid(base.sessionId)]);
  });
});
