import { describe, expect, test } from "vitest";
import { cityName, formatSessionTime } from "@/lib/sessions/schedule/format-session-time";

describe("formatSessionTime", () => {
  test("shows the viewer's time and the group's home time beside it", () => {
    expect(
      formatSessionTime({
        startsAt: "2026-03-03T19:30:00Z",
        endsAt: "2026-03-03T21:00:00Z",
        viewerTimeZone: "Europe/London",
        homeTimeZone: "America/New_York",
      }),
    ).toBe("Tue 3 Mar, 19:30–21:00 (GMT) · 14:30 in New York");
  });

  test("leaves the home time out when both clocks agree", () => {
    const base = {
      startsAt: "2026-07-07T18:30:00Z",
      endsAt: "2026-07-07T20:00:00Z",
      homeTimeZone: "Europe/London",
    };
    expect(formatSessionTime({ ...base, viewerTimeZone: "Europe/London" })).toBe(
      "Tue 7 Jul, 19:30–21:00 (BST)",
    );
    // Dublin's zone name depends on the ICU data; what matters is that no home part follows.
    expect(formatSessionTime({ ...base, viewerTimeZone: "Europe/Dublin" })).toMatch(
      /^Tue 7 Jul, 19:30–21:00 \([^)]+\)$/,
    );
  });

  test("names the home weekday when the home date differs", () => {
    expect(
      formatSessionTime({
        startsAt: "2026-03-03T19:30:00Z",
        endsAt: "2026-03-03T21:00:00Z",
        viewerTimeZone: "Asia/Tokyo",
        homeTimeZone: "Europe/London",
      }),
    ).toBe("Wed 4 Mar, 04:30–06:00 (GMT+9) · Tue 19:30 in London");
  });

  test("a session past midnight names both days", () => {
    expect(
      formatSessionTime({
        startsAt: "2026-03-03T23:00:00Z",
        endsAt: "2026-03-04T00:30:00Z",
        viewerTimeZone: "Europe/London",
        homeTimeZone: "Europe/London",
      }),
    ).toBe("Tue 3 Mar, 23:00 – Wed 4 Mar, 00:30 (GMT)");
  });

  test("city names come from the zone id", () => {
    expect(cityName("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
  });
});
