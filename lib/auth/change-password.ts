import { z } from "zod";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "@/lib/users/password";
import { announceSessionsRevoked, bumpSessionVersion } from "@/lib/auth/session-version";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse-input";
import { consumeRateLimit } from "@/lib/rate-limit";
import { ZPassword } from "@/lib/users/user-schemas";

export const ZChangePasswordInput = z.object({
  currentPassword: z
    .string({ error: "Enter your current password" })
    .min(1, "Enter your current password")
    .max(PASSWORD_MAX_LENGTH, "Current password is incorrect"),
  newPassword: ZPassword,
});

export const WRONG_CURRENT_PASSWORD = "Current password is incorrect.";

export type ReissuableUser = {
  id: string;
  name: string;
  email: string;
  image: string | null;
  sessionVersion: number;
};

/**
 * Changes the password after checking the current one, and ends every session of the user
 * (the caller reissues its own cookie at the returned version). Outstanding reset links die too.
 */
export async function changePassword(userId: string, input: unknown): Promise<ReissuableUser> {
  const { currentPassword, newPassword } = parseInput(ZChangePasswordInput, input);
  // A stolen cookie must not become a way to guess the password at leisure.
  await consumeRateLimit("auth.password-change", userId);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, passwordHash: true },
  });
  if (!user) throw new AppError("unauthorized", "Sign in first");
  if (!user.passwordHash) {
    throw new AppError(
      "bad_request",
      "This account signs in without a password. Use “Forgot password” to set one.",
    );
  }
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("bad_request", WRONG_CURRENT_PASSWORD, {
      currentPassword: WRONG_CURRENT_PASSWORD,
    });
  }
  const passwordHash = await hashPassword(newPassword);
  const updated = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null } });
    const sessionVersion = await bumpSessionVersion(tx, userId);
    const row = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, name: true, email: true, image: true },
    });
    return { ...row, sessionVersion };
  });
  await announceSessionsRevoked(userId, updated.sessionVersion);
  return updated;
}

/** Whether the account has a password to change (OAuth and e-mail-link accounts may not). */
export async function hasPassword(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}
