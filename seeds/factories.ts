/**
 * Factories shared by the demo seed and the tests: real rows through the same code paths the
 * app uses, with defaults that keep tests short.
 */
import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/users/password";
import { db } from "@/lib/db/prisma";
import type { GroupRole } from "@/generated/prisma/enums";

export const DEMO_PASSWORD = "marginalia";

let cachedHash: { password: string; hash: Promise<string> } | undefined;
function passwordHashFor(password: string): Promise<string> {
  if (cachedHash?.password !== password) cachedHash = { password, hash: hashPassword(password) };
  return cachedHash.hash;
}

export async function seedUser(
  overrides: { email?: string; name?: string; password?: string; timeZone?: string } = {},
) {
  const email = (overrides.email ?? `user-${randomUUID().slice(0, 8)}@example.test`).toLowerCase();
  const password = overrides.password ?? DEMO_PASSWORD;
  const user = await db.user.upsert({
    where: { email },
    update: {},
    create: {
      email,
      name: overrides.name ?? email.split("@")[0] ?? "Reader",
      timeZone: overrides.timeZone ?? "Europe/London",
      passwordHash: await passwordHashFor(password),
    },
    select: { id: true, email: true, name: true },
  });
  return { ...user, password };
}

export async function seedGroup(
  owner: { id: string },
  overrides: {
    id?: string;
    name?: string;
    description?: string;
    timeZone?: string;
    coverEmoji?: string;
    coverColor?: string;
  } = {},
) {
  const data = {
    name: overrides.name ?? "Reading group",
    description: overrides.description ?? "",
    timeZone: overrides.timeZone ?? "Europe/London",
    coverEmoji: overrides.coverEmoji ?? "📚",
    coverColor: overrides.coverColor ?? "#7c5c3b",
  };
  const group = overrides.id
    ? await db.group.upsert({
        where: { id: overrides.id },
        update: {},
        create: { id: overrides.id, ...data },
      })
    : await db.group.create({ data });
  await seedMembership(group.id, owner.id, "OWNER");
  return group;
}

export async function seedMembership(groupId: string, userId: string, role: GroupRole = "MEMBER") {
  return db.membership.upsert({
    where: { groupId_userId: { groupId, userId } },
    update: { role },
    create: { groupId, userId, role },
  });
}
