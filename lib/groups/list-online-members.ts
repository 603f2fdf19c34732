import type { GroupAccess } from "@/lib/access/authorize";
import { db } from "@/lib/db/prisma";
import { realtimeRegistry } from "@/lib/app/realtime-registry";

export type OnlineMemberView = {
  userId: string;
  name: string;
  chapter: { id: string; title: string; textId: string } | null;
};

/**
 * The group's members who have the app open now (a /collab socket on any process), with the
 * chapter of this group each is reading; in member order. Empty when no socket server runs.
 * `partial` when another process did not answer within the fan-out timeout (it may have died):
 * its members are missing from the list rather than the call waiting for it.
 */
export async function listOnlineMembers(
  access: GroupAccess,
): Promise<{ online: OnlineMemberView[]; partial: boolean }> {
  const fetchOnline = realtimeRegistry().onlineMembers;
  if (!fetchOnline) return { online: [], partial: false };
  const members = await db.membership.findMany({
    where: { groupId: access.groupId },
    orderBy: [{ role: "asc" }, { joinedAt: "asc" }],
    select: { user: { select: { id: true, name: true } } },
  });
  const { members: online, partial } = await fetchOnline(
    access.groupId,
    members.map(({ user }) => user.id),
  );
  if (online.length === 0) return { online: [], partial };
  const chapterIds = online.flatMap(({ chapterId }) => (chapterId ? [chapterId] : []));
  // Only this group's chapters, whatever a socket reported.
  const chapters = await db.chapter.findMany({
    where: { id: { in: chapterIds }, text: { groupId: access.groupId } },
    select: { id: true, title: true, textId: true },
  });
  const chapterById = new Map(chapters.map((chapter) => [chapter.id, chapter]));
  const chapterOf = new Map(online.map(({ userId, chapterId }) => [userId, chapterId]));
  const view = members.flatMap(({ user }) => {
    if (!chapterOf.has(user.id)) return [];
    const chapterId = chapterOf.get(user.id);
    return [
      {
        userId: user.id,
        name: user.name,
        chapter: (chapterId && chapterById.get(chapterId)) || null,
      },
    ];
  });
  return { online: view, partial };
}
