import { z } from "zod";
import { db } from "@/lib/db/prisma";
import { parseInput } from "@/lib/validation/parse-input";

export const ZMarkReadInput = z.union([
  z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(200) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

/** Marks the user's own notifications read (someone else's ids are ignored). */
export async function markNotificationsRead(
  userId: string,
  input: unknown,
): Promise<{ updated: number }> {
  const data = parseInput(ZMarkReadInput, input);
  const where =
    "all" in data ? { userId, readAt: null } : { userId, id: { in: data.ids }, readAt: null };
  const result = await db.notification.updateMany({ where, data: { readAt: new Date() } });
  return { updated: result.count };
}
