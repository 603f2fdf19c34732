import { cache } from "react";
import { headers } from "next/headers";
import { sessionFromCookieHeader } from "@/lib/auth/socket-session";
import { getPool } from "@/lib/db/pool";

export type SessionUser = { id: string; email: string; name: string; timeZone: string };

/**
 * The signed-in user for a server component, route handler or server action, or null. The
 * row is re-read so a deleted account's still-valid cookie grants nothing. Once per page
 * render: the header and the page both ask, and React's `cache` makes that one session check
 * and one read (outside a render, e.g. in a route handler, every call reads).
 */
export const getSessionUser = cache(readSessionUser);

async function readSessionUser(): Promise<SessionUser | null> {
  // The cookie is decoded here (signature and expiry, as next-auth does) instead of through
  // next-auth's getServerSession: called without a response, that runs the whole session action
  // and encrypts a refreshed token it then cannot set (its response's setCookie does nothing),
  // and its jwt callback reads the session version in a statement of its own. Every page and
  // route handler pays this: one statement on the pg pool reads the user and the version that
  // revokes older tokens (lib/auth/session-version.ts).
  const session = await sessionFromCookieHeader((await headers()).get("cookie") ?? undefined);
  if (!session) return null;
  const found = await getPool().query<SessionUser & { sessionVersion: number }>(
    `SELECT id, email, name, "timeZone", "sessionVersion" FROM "User" WHERE id = $1`,
    [session.userId],
  );
  const row = found.rows[0];
  if (!row || row.sessionVersion !== session.sessionVersion) return null;
  return { id: row.id, email: row.email, name: row.name, timeZone: row.timeZone };
}
