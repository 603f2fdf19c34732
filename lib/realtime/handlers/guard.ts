import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Socket } from "socket.io";
import { isDatabaseUnavailable } from "@/lib/db/connection-errors";
import { asAck, SOCKET_LIMITS, stateOf } from "@/lib/realtime/socket-state";

let lastUnavailableReport = 0;
function reportDatabaseUnavailable(error: unknown): void {
  if (Date.now() - lastUnavailableReport < 1_000) return;
  lastUnavailableReport = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[realtime] database unavailable, refusing changes: ${message.split("\n")[0]}`);
}

/**
 * Bounded work per socket and per user: a client that floods is refused, then dropped. Each
 * budget is spent in turn (the socket's first, then its user's, shared by its sockets). A
 * handler's failure becomes an ack: `unavailable` while the database is away, else `internal`.
 */
export function guarded(
  socket: Socket,
  limiters: [RateLimiterAbstract, string][],
  handler: (...args: unknown[]) => Promise<void>,
) {
  const state = stateOf(socket);
  return (...args: unknown[]) => {
    const ack = asAck(args.at(-1));
    if (state.inFlight >= SOCKET_LIMITS.maxInFlight) {
      socket.disconnect(true);
      return;
    }
    state.inFlight += 1;
    limiters
      .reduce<Promise<unknown>>(
        (spent, [limiter, key]) => spent.then(() => limiter.consume(key)),
        Promise.resolve(),
      )
      .then(
        () => handler(...args),
        (error: unknown) => {
          if (!(error instanceof RateLimiterRes)) throw error;
          state.strikes += 1;
          ack?.({
            ok: false,
            error: "rate_limited",
            message: `Too many requests; try again in ${Math.ceil(error.msBeforeNext / 1000)} s.`,
          });
          if (state.strikes >= SOCKET_LIMITS.strikesBeforeDisconnect) socket.disconnect(true);
        },
      )
      .catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          // A refusal the client retries; one log line per outage second, not one per call.
          reportDatabaseUnavailable(error);
          ack?.({
            ok: false,
            error: "unavailable",
            message: "The database cannot be reached right now; nothing was saved. Try again.",
          });
          return;
        }
        console.error("[realtime] handler failed:", error);
        ack?.({ ok: false, error: "internal", message: "something went wrong" });
      })
      .finally(() => {
        state.inFlight -= 1;
      });
  };
}
