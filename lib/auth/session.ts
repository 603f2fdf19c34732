import { cache } from "react";
import { getServerSession } from "next-auth";
import { buildAuthOptions } from "@/lib/auth/auth-options";
import { db } from "@/lib/db/prisma";
import { publicUserSelect } from "@/lib/users/user-schemas";

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
  const user = await db.user.findUnique({ where: { id }, select: publicUserSelect });
  return user ? { id: user.id, email: user.email, name: user.name, timeZone: user.timeZone } : null;
}
