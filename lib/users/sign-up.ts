import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/http/parse-input";
import { consumeRateLimit } from "@/lib/rate-limit";
import { publicUserSelect, ZSignUpInput } from "@/lib/users/user-schemas";

/**
 * Creates an account. For an address that already has one, the answer is the same in shape,
 * status and (roughly) time, and nothing changes: sign-up must not tell who has an account here.
 * The owner of that address simply signs in with their own password.
 */
export async function signUp(input: unknown, context: { ip: string }) {
  const { email, password, name } = parseInput(ZSignUpInput, input);
  await consumeRateLimit("auth.sign-up", context.ip);
  // Hashed whether or not the address is taken: the hash is most of the time either way.
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({ data: { email, name, passwordHash }, select: publicUserSelect });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ...(await lookalikeUser(name, passwordHash)), email };
  }
}

type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

const ROLL_BACK = new Error("rolled back on purpose");

/**
 * What a new account would have looked like: a real insert, rolled back, so the id comes from the
 * same generator, the defaults from the same schema, and the time from the same kind of write.
 */
async function lookalikeUser(name: string, passwordHash: string): Promise<PublicUser> {
  let made: PublicUser | undefined;
  await db
    .$transaction(async (tx) => {
      made = await tx.user.create({
        data: { email: `${randomUUID()}@sign-up.invalid`, name, passwordHash },
        select: publicUserSelect,
      });
      throw ROLL_BACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLL_BACK) throw error;
    });
  if (!made) throw new Error("The look-alike account was not made");
  return made;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
