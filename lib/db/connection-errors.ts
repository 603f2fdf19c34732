/**
 * Whether an error means "PostgreSQL cannot be reached right now" (stopped, restarting, the
 * connection ended) rather than a fault in the request. Callers answer such errors with a
 * refusal the client may retry, instead of a generic internal error.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception family.
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);

const UNAVAILABLE_MESSAGE =
  /Connection terminated|ECONNREFUSED|ECONNRESET|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|Client has encountered a connection error|timeout exceeded when trying to connect/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    if (typeof current === "object") {
      const { code, message, cause } = current as {
        code?: unknown;
        message?: unknown;
        cause?: unknown;
      };
      if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
      if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
      current = cause;
    } else {
      return typeof current === "string" && UNAVAILABLE_MESSAGE.test(current);
    }
  }
  return false;
}
