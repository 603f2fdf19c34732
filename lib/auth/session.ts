import { cache } from "react";
import { getServerSession } from "next-auth";
import { buildAuthOptions } from "@/lib/auth/auth-options";
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
  const session = await getServerSession(buildAuthOptions());
  const id = session?.user?.id;
  if (!id) return null;
  // Every page and route handler pays this read: one statement on the pg pool, not a Prisma
  // query compiled again in WebAssembly each time.
  const found = await getPool().query<SessionUser>(
    `SELECT id, email, name, "timeZone" FROM "User" WHERE id = $1`,
    [id],
  );
  return found.rows[0] ?? null;
}
