import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";

/** What the session, series and assignment forms offer: the group's texts and chapters, members. */
export async function sessionFormOptions(access: GroupAccess) {
  const [group, texts, members] = await Promise.all([
    db.group.findUniqueOrThrow({ where: { id: access.groupId }, select: { timeZone: true } }),
    db.text.findMany({
      where: { groupId: access.groupId },
      orderBy: { title: "asc" },
      select: {
        id: true,
        title: true,
        chapters: {
          orderBy: { index: "asc" },
          select: { id: true, title: true, index: true, wordCount: true },
        },
      },
    }),
    db.membership.findMany({
      where: { groupId: access.groupId },
      orderBy: { joinedAt: "asc" },
      select: { user: { select: { id: true, name: true } } },
    }),
  ]);
  return {
    homeTimeZone: group.timeZone,
    texts,
    members: members.map((member) => member.user),
  };
}

export type SessionFormOptions = Awaited<ReturnType<typeof sessionFormOptions>>;
