import type { GroupAccess } from "@/lib/access/authorize";
import { can } from "@/lib/access/permissions";
import type { TLiveSessionContext } from "@/lib/sessions/live/live-session-context";

/**
 * Runs the session outside the live document: its scheduled host, moderators and owners (the
 * same people the server lets send host commands, bar a live hand-over).
 */
export function runsSession(access: GroupAccess, session: Pick<TLiveSessionContext, "hostId">) {
  return session.hostId === access.userId || can(access.role, "sessions.host");
}
