import { createHash, randomBytes } from "node:crypto";

/** The secret in an invite link; only its hash is stored, so a database leak opens no group. */
export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function inviteLinkPath(token: string): string {
  return `/invite/${token}`;
}
