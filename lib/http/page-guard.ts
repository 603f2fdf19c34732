import { notFound, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { authorize, type GroupAccess, type GroupResource } from "@/lib/access/authorize";
import type { GroupAction } from "@/lib/access/permissions";
import { isAppError } from "@/lib/errors/app-error";

/** For pages only (uses next/navigation): signed out → sign-in, otherwise the user. */
export async function requirePageUser(callbackPath: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}

/**
 * For group pages: signed out → sign-in; not a member or unknown → 404 (the group's existence
 * is not revealed); a member whose role lacks the action → 404 as well (pages never render a
 * half-allowed view).
 */
export async function requirePageAccess(
  callbackPath: string,
  action: GroupAction,
  resource: GroupResource,
): Promise<{ user: SessionUser; access: GroupAccess }> {
  const user = await requirePageUser(callbackPath);
  try {
    return { user, access: await authorize(user.id, action, resource) };
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) notFound();
    throw error;
  }
}
