import type { IncomingMessage } from "node:http";
import type { Socket } from "socket.io";
import { sessionFromCookieHeader } from "@/lib/auth/socket-session";
import { getPool } from "@/lib/db/pool";
import { appUrl, getEnv } from "@/lib/env";

export type SocketUser = { id: string; name: string };

/** The session version the socket was opened with; a later bump disconnects it. */
export type SocketSession = { sessionVersion: number };

/** The groups the user belonged to when the socket connected ("Online now" announces to them). */
export type SocketGroups = { onlineGroups: string[] };

function allowedOrigins(): Set<string> {
  const env = getEnv();
  const origins = new Set([new URL(appUrl(env)).origin]);
  for (const origin of env.ALLOWED_ORIGINS?.split(",") ?? []) {
    if (origin.trim()) origins.add(origin.trim().replace(/\/$/, ""));
  }
  return origins;
}

/**
 * A browser's cross-site page could otherwise open a socket with the user's cookie. Browsers
 * always send Origin on WebSocket and CORS requests; same-origin pages match the Host header.
 * Clients without an Origin are not browsers and still need the session cookie.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (host && parsed.host === host) return true;
  return allowedOrigins().has(parsed.origin);
}

// One round trip on every connection (pg, not Prisma: a Prisma query costs the connection more
// CPU and garbage than the rest of the handshake): the account, its current session version and
// its groups, which the online watch would otherwise read in a second query.
const SOCKET_USER_SQL = `
  SELECT u.name, u."sessionVersion",
         COALESCE(array_agg(m."groupId") FILTER (WHERE m."groupId" IS NOT NULL), '{}') AS groups
    FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id
   WHERE u.id = $1
   GROUP BY u.id`;

/**
 * Nothing reads the session cookie after the handshake (a revoked session is caught by its
 * version, revoked-sessions.ts), but engine.io keeps the upgrade request for the connection's
 * life (a listener of its response holds it, so dropping `socket.request` frees nothing): left
 * there, every open socket would hold its session token, about 0.4 KiB, in the request's
 * headers and raw headers. `socket.handshake.headers` is the same object.
 */
function forgetSessionCookie(request: IncomingMessage): void {
  // Set, not deleted: `delete` would turn the headers object into a dictionary, which costs a
  // socket more than the cookie did (measured with scripts/bench/idle-heap-snapshots.ts).
  request.headers.cookie = undefined;
  const raw = request.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2)
    if (raw[i]?.toLowerCase() === "cookie") raw.splice(i, 2);
}

/** socket.io middleware: refuses the handshake with `unauthorized` unless a valid session. */
export async function authenticateSocket(
  socket: Socket,
  next: (error?: Error) => void,
): Promise<void> {
  const { headers } = socket.handshake;
  if (!isOriginAllowed(headers.origin, headers.host)) return next(new Error("unauthorized"));
  const session = await sessionFromCookieHeader(headers.cookie);
  forgetSessionCookie(socket.request);
  if (!session) return next(new Error("unauthorized"));
  const found = await getPool().query<{ name: string; sessionVersion: number; groups: string[] }>(
    SOCKET_USER_SQL,
    [session.userId],
  );
  const user = found.rows[0];
  // A signed-out-everywhere, password-changed or reset account's older cookies open nothing.
  if (!user || user.sessionVersion !== session.sessionVersion)
    return next(new Error("unauthorized"));
  const data = socket.data as { user?: SocketUser } & Partial<SocketSession & SocketGroups>;
  data.user = { id: session.userId, name: user.name };
  data.sessionVersion = user.sessionVersion;
  // A copy of exactly its length: pg's parser grew the array by pushes, and the slack of its
  // backing store (about 0.13 KiB) would stay with the socket for its life.
  data.onlineGroups = user.groups.slice();
  next();
}
