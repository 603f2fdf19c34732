import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";
import { publicUserSelect, ZUpdateProfileInput } from "@/lib/users/user-schemas";

export async function updateProfile(userId: string, input: unknown) {
  const data = parseInput(ZUpdateProfileInput, input);
  return db.user.update({ where: { id: userId }, data, select: publicUserSelect });
}

export async function getProfile(userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: publicUserSelect });
}
