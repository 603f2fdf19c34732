import { z } from "zod";
import type { GroupRole } from "@/generated/prisma/enums";
import { db, type DbTransaction } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { hashInviteToken } from "@/lib/invites/invite-token";
import { INVITE_STATE_MESSAGES, inviteState } from "@/lib/invites/invite-state";
import { consumeRateLimit } from "@/lib/rate-limit";
import { realtimeRegistry } from "@/lib/app/realtime-registry";

export const ZRedeemInviteInput = z.object({
  token: z
    .string({ error: "Invitation token is required" })
    .min(10, "Invitation token is malformed")
    .max(200, "Invitation token is malformed"),
  groupId: z.string().optional(),
});

export const ALREADY_REDEEMED_MESSAGE =
  "You have already used this invitation and are no longer in the group. Ask the group for a new invitation.";

type RedeemResult = { groupId: string; role: GroupRole; alreadyMember: boolean };

export const OTHER_ADDRESS_MESSAGE =
  "This invitation was sent to another e-mail address. Sign in with that address to accept it.";

/**
 * Joins the group of an invite link. Idempotent for someone already in the group (no use is
 * spent). Uses are counted with a conditional UPDATE, so concurrent redemptions never exceed
 * maxUses. The link of an e-mail invitation admits only the account with that address, and
 * following it proves the address is theirs: the account is marked verified.
 */
export async function redeemInvite(userId: string, input: unknown): Promise<RedeemResult> {
  const { token, groupId } = parseInput(ZRedeemInviteInput, input);
  await consumeRateLimit("invites.redeem", userId);
  const invite = await db.invite.findUnique({ where: { tokenHash: hashInviteToken(token) } });
  if (!invite || (groupId && invite.groupId !== groupId))
    throw new AppError("not_found", "Invitation not found");
  const result = await db.$transaction(async (tx) => {
    if (invite.email) {
      const user = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { email: true, emailVerified: true },
      });
      if (user.email.toLowerCase() !== invite.email) {
        throw new AppError("forbidden", OTHER_ADDRESS_MESSAGE);
      }
      const joined = await joinThroughInvite(tx, invite, userId);
      if (!user.emailVerified) {
        await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
      }
      return joined;
    }
    return joinThroughInvite(tx, invite, userId);
  });
  if (!result.alreadyMember) await announceNewMember(invite.groupId, userId);
  return result;
}

/** The group's open pages (its "Online now") learn of the newcomer at once. */
export async function announceNewMember(groupId: string, userId: string): Promise<void> {
  await realtimeRegistry().onMembershipChanged?.(groupId, userId);
}

export async function joinThroughInvite(
  tx: DbTransaction,
  invite: {
    id: string;
    groupId: string;
    role: GroupRole;
    revokedAt: Date | null;
    expiresAt: Date | null;
    maxUses: number | null;
    uses: number;
  },
  userId: string,
): Promise<RedeemResult> {
  const existing = await tx.membership.findUnique({
    where: { groupId_userId: { groupId: invite.groupId, userId } },
  });
  if (existing) return { groupId: invite.groupId, role: existing.role, alreadyMember: true };
  // Someone who joined through this invitation and has since left or been removed does not get
  // back in with it: that would undo a removal. A new invitation is the way back.
  const earlier = await tx.inviteRedemption.findUnique({
    where: { inviteId_userId: { inviteId: invite.id, userId } },
  });
  if (earlier) throw new AppError("conflict", ALREADY_REDEEMED_MESSAGE);
  const state = inviteState(invite);
  if (state !== "active") throw new AppError("conflict", INVITE_STATE_MESSAGES[state]);
  const spent = await tx.$executeRaw`
    UPDATE "Invite" SET uses = uses + 1
    WHERE id = ${invite.id} AND "revokedAt" IS NULL
      AND ("expiresAt" IS NULL OR "expiresAt" > now())
      AND ("maxUses" IS NULL OR uses < "maxUses")`;
  if (spent === 0) throw new AppError("conflict", INVITE_STATE_MESSAGES.used_up);
  // The same check again for a redemption racing this one (no unique-violation error mid-transaction).
  const redeemed = await tx.inviteRedemption.createMany({
    data: [{ inviteId: invite.id, userId }],
    skipDuplicates: true,
  });
  if (redeemed.count === 0) throw new AppError("conflict", ALREADY_REDEEMED_MESSAGE);
  const membership = await tx.membership.create({
    data: { groupId: invite.groupId, userId, role: invite.role },
  });
  return { groupId: invite.groupId, role: membership.role, alreadyMember: false };
}

/**
 * What the invite page shows before joining, signed in or not: the group and who invited, or why
 * the link is dead. Holding the token is what lets one join, so naming the group to its holder
 * reveals nothing the holder could not learn by joining.
 */
export async function describeInvite(token: string, viewerId?: string) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      id: true,
      role: true,
      revokedAt: true,
      expiresAt: true,
      maxUses: true,
      uses: true,
      group: {
        select: { id: true, name: true, coverEmoji: true, coverColor: true, description: true },
      },
      createdBy: { select: { name: true } },
    },
  });
  if (!invite) return null;
  const state = inviteState(invite);
  const alreadyMember = viewerId
    ? (await db.membership.count({ where: { groupId: invite.group.id, userId: viewerId } })) > 0
    : false;
  return {
    alreadyMember,
    state,
    message: state === "active" ? null : INVITE_STATE_MESSAGES[state],
    role: invite.role,
    group: invite.group,
    invitedBy: invite.createdBy.name,
  };
}
