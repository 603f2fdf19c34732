import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { ZGroupRole } from "@/lib/groups/group-schemas";
import { parseInput } from "@/lib/http/parse-input";
import { inviteLinkPath, newInviteToken } from "@/lib/invites/invite-token";
import { ZEmail } from "@/lib/users/user-schemas";

export const ZCreateInviteInput = z
  .object({
    role: ZGroupRole.default("MEMBER"),
    expiresInDays: z
      .number()
      .int()
      .min(1, "At least one day")
      .max(365, "At most a year")
      .optional(),
    maxUses: z.number().int().min(1, "At least one use").max(1000, "At most 1000 uses").optional(),
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
 * A link invite (secret token, optional expiry and use limit) or, with `email`, an invitation
 * shown to that address after sign-in. Moderators may only invite members; owners any role.
 * The token is returned once, here, and never again.
 */
export async function createInvite(access: GroupAccess, input: unknown) {
  const data = parseInput(ZCreateInviteInput, input);
  if (access.role !== "OWNER" && data.role !== "MEMBER") {
    throw new AppError("forbidden", "Only owners can invite moderators or owners", {
      role: "Moderators can invite members only",
    });
  }
  const expiresAt = data.expiresInDays
    ? new Date(Date.now() + data.expiresInDays * 86_400_000)
    : null;
  if (data.email) {
    const invite = await db.invite.create({
      data: {
        groupId: access.groupId,
        role: data.role,
        email: data.email,
        expiresAt,
        maxUses: 1,
        createdById: access.userId,
      },
      select: inviteSelect,
    });
    return { invite, path: null };
  }
  const { token, tokenHash } = newInviteToken();
  const invite = await db.invite.create({
    data: {
      groupId: access.groupId,
      role: data.role,
      tokenHash,
      expiresAt,
      maxUses: data.maxUses ?? null,
      createdById: access.userId,
    },
    select: inviteSelect,
  });
  return { invite, path: inviteLinkPath(token) };
}
