import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/users/password";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";
import { consumeRateLimit } from "@/lib/rate-limit";
import { publicUserSelect, ZSignUpInput } from "@/lib/users/user-schemas";

/**
 * Creates an account. For an address that already has one, the answer is the same in shape,
 * status and (roughly) time, and nothing changes: sign-up must not tell who has an account here.
 * The owner of that address simply signs in with their own password.
 */
export async function signUp(input: unknown, context: { ip: string }) {
  const { email, password, name, timeZone } = parseInput(ZSignUpInput, input);
  await consumeRateLimit("auth.sign-up", context.ip);
  // Hashed whether or not the address is taken: the hash is most of the time either way.
  const passwordHash = await hashPassword(password);
  try {
    return await createOrPretend(email, name, passwordHash, timeZone);
  } catch (error) {
    // Two sign-ups for one new address at once: the later one finds it taken after all.
    if (!isUniqueViolation(error)) throw error;
    return createOrPretend(email, name, passwordHash, timeZone);
  }
}

type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

class RollBack extends Error {
  constructor(readonly user: PublicUser) {
    super("rolled back on purpose");
  }
}

/**
 * Both paths do the same work: a lookup, then one insert in a transaction. For a taken address
 * the insert is of a stand-in and is rolled back, so the answer carries an id from the same
 * generator and the defaults of the same schema, and the database is left as it was.
 */
async function createOrPretend(
  email: string,
  name: string,
  passwordHash: string,
  timeZone: string | undefined,
): Promise<PublicUser> {
  try {
    return await db.$transaction(async (tx) => {
      const taken = await tx.user.findUnique({ where: { email }, select: { id: true } });
      const user = await tx.user.create({
        data: {
          email: taken ? `${randomUUID()}@sign-up.invalid` : email,
          name,
          passwordHash,
          ...(timeZone ? { timeZone } : {}),
        },
        select: publicUserSelect,
      });
      if (taken) throw new RollBack({ ...user, email });
      return user;
    });
  } catch (error) {
    if (error instanceof RollBack) return error.user;
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
