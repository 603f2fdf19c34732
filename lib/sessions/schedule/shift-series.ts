import { DateTime } from "luxon";
import { AppError } from "@/lib/errors/app-error";
import { isValidTimeZone, localParts, resolveLocal, toInstant, toUtcIso } from "./local-time";

export type ShiftableSession = {
  id: string;
  /** ISO instants with Z or an offset. */
  startsAt: string;
  endsAt: string;
};

export type ShiftedSession = {
  id: string;
  /** UTC ISO instants. */
  startsAt: string;
  endsAt: string;
};

/**
 * How later sessions follow a moved one. "same-delta-local": each later session moves by
 * the same wall-clock amount in the group's time zone as the moved one did (Tue 19:30 →
 * Wed 20:00 moves every later session one day and 30 minutes on the clock), so a move
 * across a clock change still lands later sessions at the intended local time.
 */
export type ShiftMode = "same-delta-local";

/**
 * New times for the moved session and every session that started at or after it.
 * Earlier sessions are not returned. Each session keeps its real-time length.
 * Pure: the caller decides whether to apply the proposal.
 */
export function shiftFollowingSessions(
  sessions: readonly ShiftableSession[],
  movedSessionId: string,
  newStartsAt: string | Date,
  timeZone: string,
  mode: ShiftMode = "same-delta-local",
): ShiftedSession[] {
  if (mode !== "same-delta-local")
    throw new AppError("bad_request", `Unknown shift mode: ${String(mode)}`);
  if (!isValidTimeZone(timeZone))
    throw new AppError("bad_request", `Unknown time zone: ${timeZone}`);
  const moved = sessions.find((session) => session.id === movedSessionId);
  if (!moved) throw new AppError("not_found", `Session ${movedSessionId} is not in this series`);

  const movedOldStart = toInstant(moved.startsAt).setZone(timeZone);
  const movedNewStart = toInstant(newStartsAt).setZone(timeZone);
  const wallDeltaMs = wallClockMs(movedNewStart) - wallClockMs(movedOldStart);

  return sessions
    .map((session) => ({ session, start: toInstant(session.startsAt).setZone(timeZone) }))
    .filter(({ start }) => start.toMillis() >= movedOldStart.toMillis())
    .sort(
      (a, b) => a.start.toMillis() - b.start.toMillis() || a.session.id.localeCompare(b.session.id),
    )
    .map(({ session, start }) => {
      const lengthMs = toInstant(session.endsAt).toMillis() - start.toMillis();
      const newStart =
        session.id === movedSessionId
          ? movedNewStart
          : resolveLocal(
              localParts(DateTime.fromMillis(wallClockMs(start) + wallDeltaMs, { zone: "utc" })),
              timeZone,
            );
      return {
        id: session.id,
        startsAt: toUtcIso(newStart),
        endsAt: toUtcIso(newStart.plus({ milliseconds: lengthMs })),
      };
    });
}

/** The local wall-clock reading as if it were UTC: differences of these are clock deltas. */
function wallClockMs(instant: DateTime): number {
  return Date.UTC(
    instant.year,
    instant.month - 1,
    instant.day,
    instant.hour,
    instant.minute,
    instant.second,
  );
}
