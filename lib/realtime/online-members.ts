import type { Namespace, RemoteSocket } from "socket.io";
import { userRoom } from "@/lib/realtime/collab-server";

/** A chapter document open on a socket (kept on socket.data, which other processes receive). */
export type OpenChapter = { groupId: string; chapterId: string };

export type OnlineMember = { userId: string; chapterId: string | null };

/** How long to wait for the other processes' answers before using this process's alone. */
export const ONLINE_FETCH_TIMEOUT_MS = 2000;

type SocketData = { user?: { id?: unknown }; reading?: unknown };

/**
 * Which of `memberIds` have a /collab socket on any process (their user rooms, through the
 * adapter), and the chapter of `groupId` each has opened last, if any. Chapters of other groups
 * are never returned. A process that does not answer in time is left out rather than failing.
 */
export async function onlineMembers(
  collab: Namespace,
  groupId: string,
  memberIds: string[],
): Promise<OnlineMember[]> {
  const members = new Set(memberIds);
  if (members.size === 0) return [];
  const rooms = [...members].map(userRoom);
  let sockets: RemoteSocket<never, unknown>[];
  try {
    sockets = await collab.in(rooms).timeout(ONLINE_FETCH_TIMEOUT_MS).fetchSockets();
  } catch (error) {
    console.warn("[realtime] online members from this process only:", (error as Error).message);
    sockets = await collab.in(rooms).local.fetchSockets();
  }

  const chapterOf = new Map<string, string | null>();
  for (const socket of sockets) {
    const data = (socket.data ?? {}) as SocketData;
    const userId = data.user?.id;
    if (typeof userId !== "string" || !members.has(userId)) continue;
    const reading = Array.isArray(data.reading) ? (data.reading as Partial<OpenChapter>[]) : [];
    const chapterId =
      reading.findLast((open) => open.groupId === groupId && typeof open.chapterId === "string")
        ?.chapterId ?? null;
    if (!chapterOf.get(userId)) chapterOf.set(userId, chapterId);
  }
  return [...chapterOf].map(([userId, chapterId]) => ({ userId, chapterId }));
}
