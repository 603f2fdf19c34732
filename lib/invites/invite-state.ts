export type InviteState = "active" | "revoked" | "expired" | "used_up";

export function inviteState(
  invite: { revokedAt: Date | null; expiresAt: Date | null; maxUses: number | null; uses: number },
  now = new Date(),
): InviteState {
  if (invite.revokedAt) return "revoked";
  if (invite.expiresAt && invite.expiresAt <= now) return "expired";
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return "used_up";
  return "active";
}

export const INVITE_STATE_MESSAGES: Record<Exclude<InviteState, "active">, string> = {
  revoked: "This invitation was revoked by the group. Ask for a new link.",
  expired: "This invitation has expired. Ask the group for a new link.",
  used_up: "This invitation has been used as many times as allowed. Ask the group for a new link.",
};
