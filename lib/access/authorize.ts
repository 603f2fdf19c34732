import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import type { GroupRole } from "@/generated/prisma/enums";
import { can, type GroupAction } from "@/lib/access/permissions";

export type GroupResource =
  | { type: "group"; id: string }
  | { type: "text"; id: string }
  | { type: "chapter"; id: string }
  | { type: "session"; id: string }
  | { type: "invite"; id: string };

export type GroupAccess = { groupId: string; userId: string; role: GroupRole };

/** The group a resource belongs to, or null when it does not exist. */
export async function groupIdOf(resource: GroupResource): Promise<string | null> {
  switch (resource.type) {
    case "group":
      return (
        (await db.group.findUnique({ where: { id: resource.id }, select: { id: true } }))?.id ??
        null
      );
    case "text":
      return (
        (await db.text.findUnique({ where: { id: resource.id }, select: { groupId: true } }))
          ?.groupId ?? null
      );
    case "chapter":
      return (
        (
          await db.chapter.findUnique({
            where: { id: resource.id },
            select: { text: { select: { groupId: true } } },
          })
        )?.text.groupId ?? null
      );
    case "session":
      return (
        (
          await db.discussionSession.findUnique({
            where: { id: resource.id },
            select: { groupId: true },
          })
        )?.groupId ?? null
      );
    case "invite":
      return (
        (await db.invite.findUnique({ where: { id: resource.id }, select: { groupId: true } }))
          ?.groupId ?? null
      );
  }
}

export async function membershipRole(userId: string, groupId: string): Promise<GroupRole | null> {
  const membership = await db.membership.findUnique({
    where: { groupId_userId: { groupId, userId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}

const NOT_FOUND_MESSAGES: Record<GroupResource["type"], string> = {
  group: "Group not found",
  text: "Text not found",
  chapter: "Chapter not found",
  session: "Session not found",
  invite: "Invitation not found",
};

// The group each kind of resource belongs to, as a statement authorize() joins to the
// membership: one round trip on the pg pool (no Prisma query compilation), as every socket
// join and HTTP request pays it.
const GROUP_OF: Record<GroupResource["type"], string> = {
  group: `SELECT id AS "groupId" FROM "Group" WHERE id = $1`,
  text: `SELECT "groupId" FROM "Text" WHERE id = $1`,
  chapter: `SELECT t."groupId" FROM "Chapter" c JOIN "Text" t ON t.id = c."textId" WHERE c.id = $1`,
  session: `SELECT "groupId" FROM "DiscussionSession" WHERE id = $1`,
  invite: `SELECT "groupId" FROM "Invite" WHERE id = $1`,
};

/**
 * May this user do this action on this resource? Throws not_found when the resource does not
 * exist OR the user is not a member (a private group's existence is not revealed), and
 * forbidden when a member's role does not allow the action.
 */
export async function authorize(
  userId: string,
  action: GroupAction,
  resource: GroupResource,
): Promise<GroupAccess> {
  const found = await getPool().query<{ groupId: string; role: GroupRole | null }>(
    `SELECT r."groupId", m.role FROM (${GROUP_OF[resource.type]}) r
     LEFT JOIN "Membership" m ON m."groupId" = r."groupId" AND m."userId" = $2`,
    [resource.id, userId],
  );
  const groupId = found.rows[0]?.groupId;
  const role = found.rows[0]?.role ?? null;
  if (!groupId || !role) throw new AppError("not_found", NOT_FOUND_MESSAGES[resource.type]);
  if (!can(role, action))
    throw new AppError("forbidden", "Your role in this group does not allow that");
  return { groupId, userId, role };
}

/** The same check as authorize(), as a boolean (for showing or hiding controls). */
export async function isAllowed(
  userId: string,
  action: GroupAction,
  resource: GroupResource,
): Promise<boolean> {
  try {
    await authorize(userId, action, resource);
    return true;
  } catch {
    return false;
  }
}
