import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { GroupAccess } from "@/lib/access/authorize";
import { hashPassword } from "@/lib/users/password";
import { announceSessionsRevoked, bumpSessionVersion } from "@/lib/auth/session-version";
import { db } from "@/lib/db/prisma";
import { appUrl, getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { mailTransport } from "@/lib/mail/transport";
import { escapeHtml } from "@/lib/html/escape-html";
import { consumeRateLimit } from "@/lib/rate-limit";
import { ZEmail, ZPassword } from "@/lib/users/user-schemas";

/** A reset link works once, within this time. */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

export const RESET_LINK_INVALID =
  "This reset link is not valid any more: it has expired or was already used. Ask for a new one.";
export const RESET_EMAIL_SENT =
  "If an account uses that address, a reset link is on its way. It works once, within an hour.";
export const RESET_EMAIL_UNAVAILABLE =
  "This server cannot send e-mail. Ask an owner of one of your groups for a reset link.";

const ZToken = z
  .string({ error: "Reset link is missing" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, "Reset link is not valid");
export const ZCompleteResetInput = z.object({ token: ZToken, password: ZPassword });
export const ZRequestResetInput = z.object({ email: ZEmail });

// Only this hash is stored: a database leak yields no working link.
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function resetUrl(token: string): string {
  return `${appUrl().replace(/\/$/, "")}/reset-password/${token}`;
}

/** A new link for the user; their earlier unused links stop working. */
async function createResetToken(
  userId: string,
  issuedById: string | null,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await db.$transaction([
    db.passwordResetToken.deleteMany({ where: { userId, usedAt: null } }),
    db.passwordResetToken.create({
      data: { userId, issuedById, tokenHash: hashToken(token), expiresAt },
    }),
  ]);
  return { token, expiresAt };
}

export function emailResetAvailable(): boolean {
  const env = getEnv();
  return Boolean(env.EMAIL_SERVER && env.EMAIL_FROM);
}

/**
 * Forgot password, with SMTP configured: mails a link to the address if an account uses it.
 * The answer is the same either way, and the mail goes out after the answer, so neither the
 * reply nor its timing tells whether the address has an account.
 */
export async function requestEmailReset(input: unknown, context: { ip: string }): Promise<void> {
  const { email } = parseInput(ZRequestResetInput, input);
  const env = getEnv();
  if (!env.EMAIL_SERVER || !env.EMAIL_FROM) throw new AppError("conflict", RESET_EMAIL_UNAVAILABLE);
  await consumeRateLimit("auth.password-reset-ip", context.ip);
  await consumeRateLimit("auth.password-reset-email", email);
  const { EMAIL_SERVER: server, EMAIL_FROM: from } = env;
  void (async () => {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true } });
    if (!user) return;
    const { token } = await createResetToken(user.id, null);
    const url = resetUrl(token);
    await mailTransport(server).sendMail({
      from,
      to: email,
      subject: "Reset your Marginalia password",
      text: `Hello ${user.name},\n\nOpen this link to choose a new password (it works once, within an hour):\n${url}\n\nIf you did not ask for this, ignore this message: your password stays as it is.\n`,
      html: `<p>Hello ${escapeHtml(user.name)},</p><p><a href="${escapeHtml(url)}">Choose a new password</a> (the link works once, within an hour).</p><p>If you did not ask for this, ignore this message: your password stays as it is.</p>`,
    });
  })().catch((error: unknown) =>
    console.error("[auth] reset e-mail failed:", error instanceof Error ? error.message : error),
  );
}

/**
 * A group owner's reset link for a member of that group, for servers without e-mail. Only an
 * owner (the permission table), only for a current member of the owner's group other than
 * themself, at most 20 an hour. The owner passes the link on; it is shown once and stored
 * hashed. Whoever holds it can take the account over, so the owner is trusted as much as the
 * server's administrator would be; the issuer is recorded on the token.
 */
export async function issueOwnerResetLink(
  access: GroupAccess,
  targetUserId: string,
): Promise<{ url: string; expiresAt: Date }> {
  // With e-mail, members reset their own passwords: no one else needs to hold such a link.
  if (emailResetAvailable()) {
    throw new AppError(
      "conflict",
      "This server e-mails reset links: ask the member to use “Forgot password” on the sign-in page.",
    );
  }
  if (targetUserId === access.userId) {
    throw new AppError("bad_request", "Change your own password on your profile page.");
  }
  const membership = await db.membership.findUnique({
    where: { groupId_userId: { groupId: access.groupId, userId: targetUserId } },
    select: { role: true },
  });
  if (!membership) throw new AppError("not_found", "No such member in this group");
  await consumeRateLimit("auth.password-reset-issue", access.userId);
  const { token, expiresAt } = await createResetToken(targetUserId, access.userId);
  return { url: resetUrl(token), expiresAt };
}

/** Whose link this is, for the reset page; null when it cannot be used. */
export async function resetTokenHolder(
  token: string,
  now = new Date(),
): Promise<{ email: string; name: string } | null> {
  if (!ZToken.safeParse(token).success) return null;
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true, name: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  return row.user;
}

/**
 * Sets the new password through a reset link. The link is spent in the same transaction
 * (a conditional update, so two concurrent uses cannot both succeed) and every session of the
 * user ends; they sign in again with the new password.
 */
export async function completePasswordReset(
  input: unknown,
  now = new Date(),
): Promise<{ email: string }> {
  const { token, password } = parseInput(ZCompleteResetInput, input);
  // Hashing costs 19 MiB and tens of milliseconds: not for links that cannot work.
  if (!(await resetTokenHolder(token, now)))
    throw new AppError("bad_request", RESET_LINK_INVALID, { token: RESET_LINK_INVALID });
  const passwordHash = await hashPassword(password);
  const result = await db.$transaction(async (tx) => {
    const row = await tx.passwordResetToken.findUnique({
      where: { tokenHash: hashToken(token) },
      select: { id: true, userId: true },
    });
    if (!row) return null;
    const spent = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (spent.count !== 1) return null;
    const user = await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash },
      select: { email: true },
    });
    await tx.passwordResetToken.deleteMany({ where: { userId: row.userId, usedAt: null } });
    const version = await bumpSessionVersion(tx, row.userId);
    return { userId: row.userId, email: user.email, version };
  });
  if (!result) throw new AppError("bad_request", RESET_LINK_INVALID, { token: RESET_LINK_INVALID });
  await announceSessionsRevoked(result.userId, result.version);
  return { email: result.email };
}
