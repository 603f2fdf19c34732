import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";
import { SESSION_ROLES } from "@/lib/sessions/schedule/rotate-roles";
import {
  ROLE_TO_DB,
  sessionSelect,
  toSessionView,
  type SessionView,
} from "@/lib/sessions/session-schemas";
import { assertGroupMembers } from "@/lib/sessions/session-support";

const ZHolder = z.string().min(1).max(64).nullable().optional();

/** `{ lead?, summariser?, questions? }`: a member id, null to clear, absent to leave as is. */
export const ZSetRolesInput = z
  .object({ lead: ZHolder, summariser: ZHolder, questions: ZHolder })
  .strict();

/** Sets who holds each role in one session (the caller has authorised `sessions.manage`). */
export async function setSessionRoles(
  access: GroupAccess,
  sessionId: string,
  input: unknown,
): Promise<SessionView> {
  const data = parseInput(ZSetRolesInput, input);
  const row = await db.$transaction(async (tx) => {
    const holders = SESSION_ROLES.flatMap((role) => {
      const userId = data[role];
      return typeof userId === "string" ? [userId] : [];
    });
    await assertGroupMembers(tx, access.groupId, holders, "roles");
    for (const role of SESSION_ROLES) {
      const userId = data[role];
      if (userId === undefined) continue;
      const key = { sessionId_role: { sessionId, role: ROLE_TO_DB[role] } };
      if (userId === null)
        await tx.sessionRole.deleteMany({ where: { sessionId, role: ROLE_TO_DB[role] } });
      else
        await tx.sessionRole.upsert({
          where: key,
          create: { sessionId, role: ROLE_TO_DB[role], userId },
          update: { userId },
        });
    }
    return tx.discussionSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: sessionSelect,
    });
  });
  return toSessionView(row, access.userId);
}
