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

/**
 * Prisma's own codes for the same: P1001 cannot reach the server, P1002 timed out, P1008
 * operation timed out, P1017 the server closed the connection.
 */
const PRISMA_UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);

/** The driver adapter's error kinds (`meta.driverAdapterError.cause.kind`) that mean the same. */
const ADAPTER_UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

const UNAVAILABLE_MESSAGE =
  /Connection terminated|ECONNREFUSED|ECONNRESET|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|Client has encountered a connection error|timeout exceeded when trying to connect/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    if (typeof current === "object") {
      const { code, message, cause, kind, meta } = current as {
        code?: unknown;
        message?: unknown;
        cause?: unknown;
        kind?: unknown;
        meta?: { driverAdapterError?: unknown };
      };
      if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
      if (typeof code === "string" && PRISMA_UNAVAILABLE_CODES.has(code)) return true;
      if (typeof kind === "string" && ADAPTER_UNAVAILABLE_KINDS.has(kind)) return true;
      if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
      // Prisma (with the pg adapter) keeps the driver's error in meta, not in cause.
      current = cause ?? meta?.driverAdapterError;
    } else {
      return typeof current === "string" && UNAVAILABLE_MESSAGE.test(current);
    }
  }
  return false;
}
