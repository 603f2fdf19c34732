import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { ZGroupRole } from "@/lib/groups/group-schemas";
import { parseInput } from "@/lib/validation/parse-input";
import { inviteLinkPath, newInviteToken } from "@/lib/invites/invite-token";
import { sendInviteEmail } from "@/lib/invites/send-invite-email";
import { ZEmail } from "@/lib/users/user-schemas";

/** Links expire and run out by default; `null` asks for no expiry or no limit on purpose. */
export const DEFAULT_INVITE_EXPIRY_DAYS = 14;
export const DEFAULT_LINK_MAX_USES = 25;

export const ZCreateInviteInput = z
  .object({
    role: ZGroupRole.default("MEMBER"),
    expiresInDays: z
      .number()
      .int()
      .min(1, "At least one day")
      .max(365, "At most a year")
      .nullable()
      .default(DEFAULT_INVITE_EXPIRY_DAYS),
    maxUses: z
      .number()
      .int()
      .min(1, "At least one use")
      .max(1000, "At most 1000 uses")
      .nullable()
      .default(DEFAULT_LINK_MAX_USES),
    email: ZEmail.optional(),
  })
  .strict();

export const inviteSelect = {
  id: true,
  role: true,
  email: true,
  expiresAt: true,
  maxUses: true,
  uses: true,
  revokedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

/**
 * A link invite (secret token, expiry and use limit) or, with `email`, an invitation for that
 * address only: its link is e-mailed when the server has SMTP (else the inviter passes it on),
 * and it also shows to that address after sign-in once the address is verified. Moderators may
 * only invite members; owners any role. The token is returned once, here, and never again.
 */
export async function createInvite(access: GroupAccess, input: unknown) {
  const data = parseInput(ZCreateInviteInput, input);
  if (access.role !== "OWNER" && data.role !== "MEMBER") {
    throw new AppError("forbidden", "Only owners can invite moderators or owners", {
      role: "Moderators can invite members only",
    });
  }
  const expiresAt =
    data.expiresInDays === null ? null : new Date(Date.now() + data.expiresInDays * 86_400_000);
  const { token, tokenHash } = newInviteToken();
  const invite = await db.invite.create({
    data: {
      groupId: access.groupId,
      role: data.role,
      tokenHash,
      email: data.email ?? null,
      expiresAt,
      // An e-mail invitation admits its one addressee.
      maxUses: data.email ? 1 : data.maxUses,
      createdById: access.userId,
    },
    select: inviteSelect,
  });
  const path = inviteLinkPath(token);
  const emailed = invite.email ? await emailInvite(access.groupId, invite, path) : false;
  return { invite, path, emailed };
}

async function emailInvite(
  groupId: string,
  invite: { email: string | null; expiresAt: Date | null; createdBy: { name: string } },
  path: string,
): Promise<boolean> {
  if (!invite.email) return false;
  const group = await db.group.findUniqueOrThrow({
    where: { id: groupId },
    select: { name: true },
  });
  return sendInviteEmail({
    to: invite.email,
    path,
    groupName: group.name,
    invitedBy: invite.createdBy.name,
    expiresAt: invite.expiresAt,
  });
}
