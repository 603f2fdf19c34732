import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Namespace, Socket } from "socket.io";
import { authorize } from "@/lib/access/authorize";
import { isAppError } from "@/lib/errors/app-error";
import { userRoom } from "@/lib/realtime/rooms";

/** The room of a group's "Online now" watchers (it spans processes through the adapter). */
export const onlineRoom = (groupId: string) => `online:${groupId}`;

const GROUP_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A page asks once per connection; this only stops a client that loops. */
const WATCH_LIMIT = { points: 30, duration: 10 };

type Ack = (response: unknown) => void;
type WatchState = { user: { id: string }; onlineGroups?: string[] };

function stateOf(socket: Socket): WatchState {
  return socket.data as WatchState;
}

/**
 * "Online now" from the live sockets, not a poll: a page watching a group is nudged
 * (`online-changed { groupId }`) whenever one of its members' sockets connects or closes, or
 * opens or leaves a chapter of that group, and then asks GET /api/groups/{id}/online for the list
 * (the one answer across processes, checked by lib/access). The nudge names no one, so a watcher
 * who has just been removed learns nothing from one that arrives late.
 */
export function createOnlineWatch(collab: Namespace) {
  const limiter = new RateLimiterMemory({ keyPrefix: "online-watch", ...WATCH_LIMIT });

  const announce = (groupIds: Iterable<string>) => {
    for (const groupId of new Set(groupIds))
      collab.to(onlineRoom(groupId)).emit("online-changed", { groupId });
  };

  async function mayWatch(userId: string, groupId: string): Promise<boolean> {
    try {
      await authorize(userId, "members.view", { type: "group", id: groupId });
      return true;
    } catch (error) {
      if (isAppError(error)) return false;
      throw error;
    }
  }

  // Shared by every socket (socket.io calls them with the socket as `this`): an idle socket
  // holds no closures of its own for them.
  function onDisconnect(this: Socket): void {
    announce(stateOf(this).onlineGroups ?? []);
  }

  function onWatch(this: Socket, payload: unknown, maybeAck: unknown): void {
    watch(this, payload, maybeAck);
  }

  function watch(socket: Socket, payload: unknown, maybeAck: unknown): void {
    const ack: Ack = typeof maybeAck === "function" ? (maybeAck as Ack) : () => undefined;
    const groupId = (payload as { groupId?: unknown } | null)?.groupId;
    if (typeof groupId !== "string" || !GROUP_ID.test(groupId))
      return ack({ ok: false, error: "bad_request", message: "groupId is required" });
    limiter
      .consume(socket.id)
      .then(() => mayWatch(stateOf(socket).user.id, groupId))
      .then(async (allowed) => {
        if (!allowed || socket.disconnected) return ack({ ok: false, error: "not_found" });
        await socket.join(onlineRoom(groupId));
        ack({ ok: true });
      })
      .catch((error: unknown) => {
        if (error instanceof RateLimiterRes) return ack({ ok: false, error: "rate_limited" });
        console.error("[realtime] online:watch failed:", error);
        ack({ ok: false, error: "internal", message: "something went wrong" });
      });
  }

  function onUnwatch(this: Socket, payload: unknown): void {
    const groupId = (payload as { groupId?: unknown } | null)?.groupId;
    if (typeof groupId === "string") void this.leave(onlineRoom(groupId));
  }

  function onConnection(socket: Socket): void {
    // The groups were read with the account at the handshake (socket-auth.ts), and the
    // membership events below keep them current until the socket closes.
    announce(stateOf(socket).onlineGroups ?? []);
    socket.on("disconnect", onDisconnect);
    socket.on("online:watch", onWatch);
    socket.on("online:unwatch", onUnwatch);
  }

  /** A member joined, left or was removed: their sockets' watch is checked and the list changes. */
  async function onMembership(groupId: string, userId: string): Promise<void> {
    const allowed = await mayWatch(userId, groupId);
    for (const remote of await collab.in(userRoom(userId)).local.fetchSockets()) {
      const socket = collab.sockets.get(remote.id);
      if (!socket) continue;
      const state = stateOf(socket);
      const known = new Set(state.onlineGroups ?? []);
      if (allowed) known.add(groupId);
      else {
        known.delete(groupId);
        await socket.leave(onlineRoom(groupId));
      }
      state.onlineGroups = [...known];
    }
    announce([groupId]);
  }

  return {
    onConnection,
    onMembership,
    /** A socket opened or left a chapter of this group. */
    readingChanged: (groupId: string) => announce([groupId]),
  };
}
