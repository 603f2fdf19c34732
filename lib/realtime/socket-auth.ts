import type { Socket } from "socket.io";
import { sessionFromCookieHeader } from "@/lib/auth/socket-session";
import { db } from "@/lib/db/prisma";
import { appUrl, getEnv } from "@/lib/env";

export type SocketUser = { id: string; name: string };

/** The session version the socket was opened with; a later bump disconnects it. */
export type SocketSession = { sessionVersion: number };

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

/** socket.io middleware: refuses the handshake with `unauthorized` unless a valid session. */
export async function authenticateSocket(
  socket: Socket,
  next: (error?: Error) => void,
): Promise<void> {
  const { headers } = socket.request;
  if (!isOriginAllowed(headers.origin, headers.host)) return next(new Error("unauthorized"));
  const session = await sessionFromCookieHeader(headers.cookie);
  if (!session) return next(new Error("unauthorized"));
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, name: true, sessionVersion: true },
  });
  // A signed-out-everywhere, password-changed or reset account's older cookies open nothing.
  if (!user || user.sessionVersion !== session.sessionVersion)
    return next(new Error("unauthorized"));
  const data = socket.data as { user?: SocketUser } & Partial<SocketSession>;
  data.user = { id: user.id, name: user.name };
  data.sessionVersion = user.sessionVersion;
  next();
}
