import ICAL from "ical.js";
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { buildCalendar, buildSingleEventIcs } from "@/lib/sessions/calendar/calendar-feed";
import type { CalendarEvent } from "@/lib/sessions/calendar/calendar-feed";

const event: CalendarEvent = {
  sessionId: "s1",
  sequence: 2,
  title: "Session 1: a long title that needs folding ".repeat(3),
  description: "Bring questions — und Fragen, s'il vous plaît. ".repeat(4),
  startsAt: "2026-03-26T19:30:00Z",
  endsAt: "2026-03-26T21:00:00Z",
  timeZone: "Europe/London",
  cancelled: false,
  updatedAt: "2026-03-01T10:00:00Z",
};

const REQUIRED: Record<string, string[]> = {
  VCALENDAR: ["PRODID", "VERSION"],
  VEVENT: ["UID", "DTSTAMP", "DTSTART"],
  VTIMEZONE: ["TZID"],
  STANDARD: ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"],
  DAYLIGHT: ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"],
};

/**
 * A small RFC 5545 validator: CRLF line ends, lines folded at 75 octets, BEGIN/END balanced,
 * every property of a component before its first sub-component (§3.4, §3.6), the required
 * properties of each component present.
 */
function rfc5545Problems(text: string): string[] {
  const problems: string[] = [];
  if (/[^\r]\n/.test(text)) problems.push("bare LF");
  // RFC 5545 §3.1: every content line, the last one too, ends in CRLF.
  if (!text.endsWith("END:VCALENDAR\r\n")) problems.push("the last line does not end in CRLF");
  const physical = text.split("\r\n");
  physical.forEach((line, index) => {
    if (Buffer.byteLength(line, "utf8") > 75) problems.push(`line ${index + 1} over 75 octets`);
  });
  const logical = text
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter(Boolean);
  const stack: Array<{ name: string; properties: Set<string>; childSeen: boolean }> = [];
  for (const line of logical) {
    const name = /^[A-Za-z0-9-]+/.exec(line)?.[0]?.toUpperCase() ?? "";
    if (name === "BEGIN") {
      const parent = stack.at(-1);
      if (parent) parent.childSeen = true;
      stack.push({ name: line.slice(6).toUpperCase(), properties: new Set(), childSeen: false });
    } else if (name === "END") {
      const closed = stack.pop();
      if (closed?.name !== line.slice(4).toUpperCase()) problems.push(`unbalanced ${line}`);
      for (const required of REQUIRED[closed?.name ?? ""] ?? []) {
        if (!closed?.properties.has(required)) problems.push(`${closed?.name} lacks ${required}`);
      }
    } else {
      const current = stack.at(-1);
      if (!current) problems.push(`property outside a component: ${name}`);
      else if (current.childSeen) problems.push(`${current.name}: ${name} after a component`);
      current?.properties.add(name);
    }
  }
  if (stack.length > 0) problems.push("unclosed component");
  return problems;
}

describe("calendar feeds against RFC 5545", () => {
  const feed = buildCalendar({
    name: "Thursday readers · Marginalia",
    timeZone: "Europe/London",
    url: "https://marginalia.test/api/calendar/abc.ics",
    events: [event, { ...event, sessionId: "s2", cancelled: true, timeZone: "America/New_York" }],
  });

  it("puts REFRESH-INTERVAL, X-PUBLISHED-TTL and NAME before the first component", () => {
    const firstComponent = feed.indexOf("\r\nBEGIN:", 1);
    for (const property of ["REFRESH-INTERVAL", "X-PUBLISHED-TTL", "NAME:", "URL:", "METHOD:"]) {
      expect(feed.indexOf(`\r\n${property}`), property).toBeGreaterThan(0);
      expect(feed.indexOf(`\r\n${property}`), property).toBeLessThan(firstComponent);
    }
  });

  it("passes the validator (order, CRLF, folding, required properties), feed and single event", () => {
    expect(rfc5545Problems(feed)).toEqual([]);
    expect(rfc5545Problems(buildSingleEventIcs(event))).toEqual([]);
  });

  it("ends the last line, END:VCALENDAR, in CRLF (feed and single event)", () => {
    expect(feed.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(buildSingleEventIcs(event).endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(rfc5545Problems(feed.slice(0, -2))).toContain("the last line does not end in CRLF");
  });

  it("the validator catches a property after a component (it can fail)", () => {
    const broken = feed.replace("END:VCALENDAR", "X-LATE:1\r\nEND:VCALENDAR");
    expect(rfc5545Problems(broken)).toContain("VCALENDAR: X-LATE after a component");
  });

  it("parses the same in node-ical and ical.js: events, UIDs, SEQUENCE, zones", () => {
    const nodeEvents = Object.values(ical.sync.parseICS(feed)).filter(
      (entry) => entry?.type === "VEVENT",
    );
    // ical.js types parse() as any: a jCal array for one calendar.
    const component = new ICAL.Component(ICAL.parse(feed) as unknown[]);
    const icalEvents = component
      .getAllSubcomponents("vevent")
      .map((entry) => new ICAL.Event(entry));
    expect(nodeEvents.map((entry) => entry.uid).sort()).toEqual(
      icalEvents.map((entry) => entry.uid).sort(),
    );
    expect(icalEvents.map((entry) => entry.sequence)).toEqual([2, 2]);
    expect(icalEvents[0]!.component.getFirstProperty("dtstart")?.getParameter("tzid")).toBe(
      "Europe/London",
    );
    expect(component.getFirstPropertyValue("refresh-interval")?.toString()).toBe("PT1H");
  });
});
