import type { Socket } from "socket.io";
import { leaveDoc, type CollabContext } from "@/lib/realtime/handlers/context";
import { stateOf } from "@/lib/realtime/socket-state";

/** `leave { doc }`: stop receiving the document; peers are told the socket's presence went. */
export function onLeave(ctx: CollabContext, socket: Socket) {
  return (payload: unknown) => {
    const doc = (payload as { doc?: unknown } | null)?.doc;
    if (typeof doc === "string") leaveDoc(ctx, socket, doc);
  };
}

/** A dropped socket leaves every document (y-websocket removes its awareness states too). */
export function onDisconnect(ctx: CollabContext, socket: Socket) {
  return () => {
    for (const doc of [...stateOf(socket).joined.keys()]) leaveDoc(ctx, socket, doc);
  };
}
