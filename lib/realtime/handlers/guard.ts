import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Socket } from "socket.io";
import { isDatabaseUnavailable } from "@/lib/db/connection-errors";
import { asAck, SOCKET_LIMITS, stateOf, takeSocketMessage } from "@/lib/realtime/socket-state";

let lastUnavailableReport = 0;
function reportDatabaseUnavailable(error: unknown): void {
  if (Date.now() - lastUnavailableReport < 1_000) return;
  lastUnavailableReport = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[realtime] database unavailable, refusing changes: ${message.split("\n")[0]}`);
}

/** One listener for all sockets of the namespace: socket.io calls it with the socket as `this`. */
export type SocketListener = (this: Socket, ...args: unknown[]) => void;

/**
 * Bounded work per socket and per user: a client that floods is refused, then dropped. Each
 * budget is spent in turn (the socket's first, then its user's, shared by its sockets). A
 * handler's failure becomes an ack: `unavailable` while the database is away, else `internal`.
 *
 * The listener is made once per namespace, not per socket: an idle socket then holds no closure
 * of its own per event (issue 16's memory per idle client).
 */
export function guarded(
  guard: Guard,
  handler: (socket: Socket, ...args: unknown[]) => Promise<void>,
): SocketListener {
  return function (this: Socket, ...args: unknown[]) {
    runGuarded(this, guard, handler, args);
  };
}

type Guard = {
  /** Whether the event counts against the socket's own message budget (`join` and `y`). */
  socketMessage: boolean;
  /** The shared limiters to spend after it, and the key in each (the user's id). */
  limiters: (socket: Socket) => [RateLimiterAbstract, string][];
};

function runGuarded(
  socket: Socket,
  guard: Guard,
  handler: (socket: Socket, ...args: unknown[]) => Promise<void>,
  args: unknown[],
): void {
  const state = stateOf(socket);
  const ack = asAck(args.at(-1));
  if (state.inFlight >= SOCKET_LIMITS.maxInFlight) {
    socket.disconnect(true);
    return;
  }
  const refuse = (msBeforeNext: number) => {
    state.strikes += 1;
    ack?.({
      ok: false,
      error: "rate_limited",
      message: `Too many requests; try again in ${Math.ceil(msBeforeNext / 1000)} s.`,
    });
    if (state.strikes >= SOCKET_LIMITS.strikesBeforeDisconnect) socket.disconnect(true);
  };
  const wait = guard.socketMessage ? takeSocketMessage(state) : 0;
  if (wait > 0) return refuse(wait);
  state.inFlight += 1;
  guard
    .limiters(socket)
    .reduce<Promise<unknown>>(
      (spent, [limiter, key]) => spent.then(() => limiter.consume(key)),
      Promise.resolve(),
    )
    .then(
      () => handler(socket, ...args),
      (error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
        refuse(error.msBeforeNext);
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
}
