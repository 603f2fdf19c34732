import type { Namespace, Socket } from "socket.io";
import { db } from "@/lib/db/prisma";
import type { SocketSession, SocketUser } from "@/lib/realtime/socket-auth";

/** Sent to a socket just before the server disconnects it because its session was revoked. */
export const SESSION_REVOKED_EVENT = "session-revoked";

type Data = { user?: SocketUser } & Partial<SocketSession>;

/**
 * Ends this process's sockets of sessions that were revoked (the event reaches every process
 * through the event bus). The highest revoked version per user is remembered, so a socket whose
 * handshake read the version just before the bump committed is still caught when it connects.
 */
export function sessionRevocation(collab: Namespace): {
  revoke: (userId: string, version: number) => void;
  checkOnConnect: (socket: Socket) => void;
  recheckAll: () => Promise<void>;
} {
  const revokedBelow = new Map<string, number>();
  const isStale = (socket: Socket): boolean => {
    const data = socket.data as Data;
    const limit = data.user ? revokedBelow.get(data.user.id) : undefined;
    return limit !== undefined && (data.sessionVersion ?? 0) < limit;
  };
  const end = (socket: Socket) => {
    socket.emit(SESSION_REVOKED_EVENT);
    socket.disconnect(true);
  };
  const revoke = (userId: string, version: number) => {
    if ((revokedBelow.get(userId) ?? -1) < version) revokedBelow.set(userId, version);
    for (const socket of [...collab.sockets.values()]) if (isStale(socket)) end(socket);
  };
  return {
    revoke,
    checkOnConnect(socket) {
      if (isStale(socket)) end(socket);
    },
    // After the event bus was away, revocations announced meanwhile never arrive: ask the database.
    async recheckAll() {
      const ids = new Set<string>();
      for (const socket of collab.sockets.values()) {
        const id = (socket.data as Data).user?.id;
        if (id) ids.add(id);
      }
      if (ids.size === 0) return;
      const users = await db.user.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, sessionVersion: true },
      });
      for (const user of users) revoke(user.id, user.sessionVersion);
    },
  };
}
