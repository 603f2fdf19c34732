import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { announceNewMember, joinThroughInvite } from "@/lib/invites/redeem-invite";
import { inviteState } from "@/lib/invites/invite-state";

/**
 * Whether the account has shown it controls its address (an e-mailed sign-in link, or the link
 * of an e-mail invitation). Anyone can sign up with any address, so an invitation addressed to it
 * is only offered to an account that has.
 */
async function hasVerifiedEmail(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerified: true } });
  return Boolean(user?.emailVerified);
}

export const UNVERIFIED_EMAIL_MESSAGE =
  "Confirm your e-mail address first: open the invitation link that was sent to it.";

/** Invitations addressed to the user's e-mail that are still open (none until it is verified). */
export async function listPendingInvites(user: { id: string; email: string }) {
  if (!(await hasVerifiedEmail(user.id))) return [];
  const invites = await db.invite.findMany({
    where: {
      email: user.email.toLowerCase(),
      revokedAt: null,
      group: { memberships: { none: { userId: user.id } } },
    },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      maxUses: true,
      uses: true,
      revokedAt: true,
      createdAt: true,
      group: { select: { id: true, name: true, coverEmoji: true, coverColor: true } },
      createdBy: { select: { name: true } },
    },
  });
  return invites
    .filter((invite) => inviteState(invite) === "active")
    .map(({ id, role, expiresAt, createdAt, group, createdBy }) => ({
      id,
      role,
      expiresAt,
      createdAt,
      group,
      invitedBy: createdBy.name,
    }));
}

async function findAddressedInvite(user: { id: string; email: string }, inviteId: string) {
  const invite = await db.invite.findUnique({ where: { id: inviteId } });
  // Someone else's invitation is indistinguishable from a missing one.
  if (!invite || invite.email !== user.email.toLowerCase())
    throw new AppError("not_found", "Invitation not found");
  return invite;
}

export async function acceptEmailInvite(user: { id: string; email: string }, inviteId: string) {
  const invite = await findAddressedInvite(user, inviteId);
  if (!(await hasVerifiedEmail(user.id))) throw new AppError("forbidden", UNVERIFIED_EMAIL_MESSAGE);
  const result = await db.$transaction((tx) => joinThroughInvite(tx, invite, user.id));
  if (!result.alreadyMember) await announceNewMember(invite.groupId, user.id);
  return result;
}

export async function declineEmailInvite(
  user: { id: string; email: string },
  inviteId: string,
): Promise<void> {
  const invite = await findAddressedInvite(user, inviteId);
  await db.invite.update({
    where: { id: invite.id },
    data: { revokedAt: invite.revokedAt ?? new Date() },
  });
}
