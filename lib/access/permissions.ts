import type { GroupRole } from "@/generated/prisma/enums";

/**
 * What each role may do in a group. The one table every entry point consults (pages, route
 * handlers, server actions and socket handlers, through can()/authorize()).
 */
export const PERMISSIONS = {
  "group.view": ["OWNER", "MODERATOR", "MEMBER"],
  "group.update": ["OWNER"],
  "group.delete": ["OWNER"],
  // A group's whole archive holds every member's e-mail and reading: owners only.
  "group.export": ["OWNER"],
  "group.import": ["OWNER"],
  "members.view": ["OWNER", "MODERATOR", "MEMBER"],
  "members.change-role": ["OWNER"],
  "members.remove": ["OWNER", "MODERATOR"],
  // A reset link lets its holder take the account over: owners only (see password-reset.ts).
  "members.reset-password": ["OWNER"],
  "ownership.transfer": ["OWNER"],
  "invites.manage": ["OWNER", "MODERATOR"],
  "texts.view": ["OWNER", "MODERATOR", "MEMBER"],
  "texts.import": ["OWNER", "MODERATOR"],
  "texts.edit": ["OWNER", "MODERATOR"],
  "comments.read": ["OWNER", "MODERATOR", "MEMBER"],
  "comments.write": ["OWNER", "MODERATOR", "MEMBER"],
  "comments.moderate": ["OWNER", "MODERATOR"],
  "notes.write": ["OWNER", "MODERATOR", "MEMBER"],
  "sessions.view": ["OWNER", "MODERATOR", "MEMBER"],
  "sessions.manage": ["OWNER", "MODERATOR"],
  "sessions.rsvp": ["OWNER", "MODERATOR", "MEMBER"],
  "sessions.host": ["OWNER", "MODERATOR"],
  "assignments.view": ["OWNER", "MODERATOR", "MEMBER"],
  "assignments.manage": ["OWNER", "MODERATOR"],
  "progress.record": ["OWNER", "MODERATOR", "MEMBER"],
  "progress.view-all": ["OWNER", "MODERATOR"],
} as const satisfies Record<string, readonly GroupRole[]>;

export type GroupAction = keyof typeof PERMISSIONS;

export const ROLE_RANK: Record<GroupRole, number> = { OWNER: 3, MODERATOR: 2, MEMBER: 1 };

export function can(role: GroupRole | null | undefined, action: GroupAction): boolean {
  if (!role) return false;
  return (PERMISSIONS[action] as readonly GroupRole[]).includes(role);
}
