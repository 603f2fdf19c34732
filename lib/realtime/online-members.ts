import type { Namespace } from "socket.io";
import { userRoom } from "@/lib/realtime/rooms";
import { createFanOut, type FanOutResult } from "@/lib/realtime/fan-out";

/** A chapter document open on a socket (kept on socket.data). */
export type OpenChapter = { groupId: string; chapterId: string };

export type OnlineMember = { userId: string; chapterId: string | null };

export type OnlineMembers = {
  members: OnlineMember[];
  /** True when some process did not answer in time (e.g. it just died): these are the known. */
  partial: boolean;
};

type SocketData = { user?: { id?: unknown }; reading?: unknown };
type OnlineQuery = { groupId: string; memberIds: string[] };

/** This process's sockets of those members, with the chapter of the group each opened last. */
async function localOnlineMembers(
  collab: Namespace,
  { groupId, memberIds }: OnlineQuery,
): Promise<OnlineMember[]> {
  const members = new Set(memberIds);
  if (members.size === 0) return [];
  const sockets = await collab.in([...members].map(userRoom)).local.fetchSockets();
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

/** Answers from other processes arrive as plain JSON: keep only well-formed entries. */
function wellFormed(answer: unknown): OnlineMember[] {
  if (!Array.isArray(answer)) return [];
  return answer.filter(
    (entry): entry is OnlineMember =>
      typeof (entry as OnlineMember | null)?.userId === "string" &&
      ((entry as OnlineMember).chapterId === null ||
        typeof (entry as OnlineMember).chapterId === "string"),
  );
}

/**
 * Which of a group's members have a /collab socket on any process, and the chapter of that group
 * each has opened last, if any. Chapters of other groups are never returned. Processes that do
 * not answer within the fan-out timeout are left out and the answer says `partial`.
 */
export function createOnlineMembers(
  collab: Namespace,
): (groupId: string, memberIds: string[]) => Promise<OnlineMembers> {
  const askOthers = createFanOut<OnlineQuery, OnlineMember[]>(collab, "online-members", (query) =>
    localOnlineMembers(collab, query),
  );
  return async (groupId, memberIds) => {
    const query = { groupId, memberIds: [...new Set(memberIds)] };
    if (query.memberIds.length === 0) return { members: [], partial: false };
    const [local, remote] = await Promise.all([
      localOnlineMembers(collab, query),
      askOthers(query) as Promise<FanOutResult<unknown>>,
    ]);
    const members = new Set(query.memberIds);
    const chapterOf = new Map<string, string | null>();
    for (const entry of [...local, ...remote.answers.flatMap(wellFormed)]) {
      if (!members.has(entry.userId)) continue;
      // A chapter open on any socket wins over a socket reading nothing.
      if (!chapterOf.get(entry.userId)) chapterOf.set(entry.userId, entry.chapterId);
    }
    return {
      members: [...chapterOf].map(([userId, chapterId]) => ({ userId, chapterId })),
      partial: remote.partial,
    };
  };
}
