import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/http/parse-input";
import { consumeRateLimit } from "@/lib/rate-limit";
import { publicUserSelect, ZSignUpInput } from "@/lib/users/user-schemas";

export async function signUp(input: unknown, context: { ip: string }) {
  const { email, password, name } = parseInput(ZSignUpInput, input);
  await consumeRateLimit("auth.sign-up", context.ip);
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({ data: { email, name, passwordHash }, select: publicUserSelect });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Says no more than a sign-in page would: the address cannot be used here.
      throw new AppError(
        "conflict",
        "This email cannot be used for a new account. If it is yours, sign in instead.",
        {
          email: "Use another email, or sign in",
        },
      );
    }
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
