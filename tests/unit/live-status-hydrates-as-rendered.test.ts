/**
 * The live room's status badge renders on the server and again when the page hydrates, seconds
 * later on a busy machine. Its clock used to start at the browser's own `Date.now()`, so when a
 * minute boundary fell in between ("Starts in 5 min" / "Starts in 4 min") React threw the
 * server's HTML away (error 418) and the room was rendered again from scratch. The clock now
 * starts at the server's render time on both sides, and a date written in the browser's time
 * zone waits for the browser.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, expect, it, vi } from "vitest";
import { statusLine } from "@/app/_components/live/status-line";
import { useNow } from "@/app/_components/live/use-now";

const MINUTE = 60_000;

function Badge(props: { renderedAt: number; startsAt: number }) {
  const { now, browser } = useNow(15_000, props.renderedAt);
  return createElement(
    "span",
    null,
    statusLine(now, props.startsAt, props.startsAt + 60 * MINUTE, false, browser),
  );
}

afterEach(() => vi.useRealTimers());

it("renders the same badge at hydration as on the server, across a minute boundary", () => {
  const renderedAt = Date.parse("2026-12-03T18:00:50Z");
  // 4 min 40 s before the start: "5 min" at the render, "4 min" 30 s later.
  const startsAt = renderedAt + 5 * MINUTE - 20_000;
  vi.useFakeTimers({ now: renderedAt });
  const onServer = renderToStaticMarkup(createElement(Badge, { renderedAt, startsAt }));
  vi.setSystemTime(renderedAt + 30_000);
  const atHydration = renderToStaticMarkup(createElement(Badge, { renderedAt, startsAt }));
  expect(onServer).toBe("<span>Starts in 5 min</span>");
  expect(atHydration).toBe(onServer);
});

it("leaves a date in the browser's time zone and language to the browser", () => {
  const renderedAt = Date.parse("2026-12-03T18:00:00Z");
  const startsAt = renderedAt + 5 * 24 * 60 * MINUTE;
  expect(renderToStaticMarkup(createElement(Badge, { renderedAt, startsAt }))).toBe(
    "<span>Upcoming</span>",
  );
  expect(statusLine(renderedAt, startsAt, startsAt + MINUTE, false, true)).toMatch(/^Starts /);
});
