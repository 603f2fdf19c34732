import { describeInvite } from "@/lib/invites/redeem-invite";

/** The open invitation a sign-in or sign-up page was reached from, to name its group there. */
export async function invitationFor(
  callbackUrl: string,
): Promise<{ groupName: string; invitedBy: string } | null> {
  const token = /^\/invite\/([^/?#]+)$/.exec(callbackUrl)?.[1];
  if (!token) return null;
  const invite = await describeInvite(decodeURIComponent(token));
  if (invite?.state !== "active") return null;
  return { groupName: invite.group.name, invitedBy: invite.invitedBy };
}
