import type { Socket } from "socket.io";
import { leaveDoc, type CollabContext } from "@/lib/realtime/handlers/context";
import type { SocketListener } from "@/lib/realtime/handlers/guard";
import { stateOf } from "@/lib/realtime/socket-state";

/** `leave { doc }`: stop receiving the document; peers are told the socket's presence went. */
export function onLeave(ctx: CollabContext): SocketListener {
  return function (this: Socket, payload: unknown) {
    const doc = (payload as { doc?: unknown } | null)?.doc;
    if (typeof doc === "string") leaveDoc(ctx, this, doc);
  };
}

/** A dropped socket leaves every document (y-websocket removes its awareness states too). */
export function onDisconnect(ctx: CollabContext): SocketListener {
  return function (this: Socket) {
    for (const doc of [...stateOf(this).joined.keys()]) leaveDoc(ctx, this, doc);
  };
}
