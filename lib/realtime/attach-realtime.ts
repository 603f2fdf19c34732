import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import type { Server } from "socket.io";
import { getPool } from "@/lib/db/pool";
import { getEnv } from "@/lib/env";
import { closeMergeWorker } from "@/lib/realtime/compaction/merge-updates-off-thread";
import { registerCollabHandlers } from "@/lib/realtime/collab-server";
import { closeSharedDecodePool } from "@/lib/realtime/decode/validate-update";
import { DocumentRegistry } from "@/lib/realtime/document-registry";
import { publishRealtimeEvent, subscribeRealtimeEvents } from "@/lib/realtime/event-bus";
import { onlineMembers } from "@/lib/realtime/online-members";
import { realtimeRegistry } from "@/lib/realtime/registry";
import { sessionRevocation } from "@/lib/realtime/revoked-sessions";
import { authenticateSocket } from "@/lib/realtime/socket-auth";

export const COLLAB_NAMESPACE = "/collab";

async function crossProcessAdapter(io: Server): Promise<() => Promise<void>> {
  const env = getEnv();
  if (env.REDIS_URL) {
    const [{ createClient }, { createAdapter }] = await Promise.all([
      import("redis"),
      import("@socket.io/redis-adapter"),
    ]);
    const pub = createClient({ url: env.REDIS_URL });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    return async () => {
      await Promise.all([pub.quit(), sub.quit()]);
    };
  }
  io.adapter(
    createPostgresAdapter(getPool(), {
      errorHandler: (error) => console.error("[realtime] adapter:", error.message),
    }),
  );
  return () => Promise.resolve();
}

/**
 * Wires the /collab namespace: rooms that span processes (PostgreSQL adapter, or Redis with
 * REDIS_URL), the authenticated handshake, the document protocol, and the event bus through
 * which each process applies what the others stored.
 */
export async function attachRealtime(io: Server): Promise<{ close: () => Promise<void> }> {
  const closeAdapter = await crossProcessAdapter(io);
  const pool = getPool();
  const collab = io.of(COLLAB_NAMESPACE);
  collab.use((socket, next) => {
    void authenticateSocket(socket, next).catch(() => next(new Error("unauthorized")));
  });
  const documents = new DocumentRegistry(pool);
  const handlers = registerCollabHandlers(collab, documents, pool);
  const revocation = sessionRevocation(collab);
  collab.on("connection", revocation.checkOnConnect);
  const bus = await subscribeRealtimeEvents(
    (event) =>
      event.type === "sessions-revoked"
        ? revocation.revoke(event.userId, event.version)
        : handlers.onEvent(event),
    {
      onReconnect: () => {
        void handlers
          .resync()
          .catch((error: unknown) => console.error("[realtime] resync failed:", error));
        void revocation
          .recheckAll()
          .catch((error: unknown) => console.error("[realtime] session recheck failed:", error));
      },
    },
  );

  const registry = realtimeRegistry();
  registry.onMembershipChanged = (groupId, userId) =>
    publishRealtimeEvent(pool, { type: "membership", groupId, userId });
  registry.onDocumentsRemoved = (groupId) =>
    publishRealtimeEvent(pool, { type: "documents-removed", groupId });
  registry.onSessionsRevoked = (userId, version) =>
    publishRealtimeEvent(pool, { type: "sessions-revoked", userId, version });
  registry.runCommand = (userId, payload) => handlers.executeCommand(userId, payload);
  registry.onlineMembers = (groupId, memberIds) => onlineMembers(collab, groupId, memberIds);
  registry.stats = () => ({
    documents: documents.size,
    connections: collab.sockets.size,
    eventBus: bus.listening() ? "listening" : "reconnecting",
  });
  registry.onNotification = (userId, notification) =>
    publishRealtimeEvent(pool, {
      type: "notification",
      userId,
      id: notification.id,
      kind: notification.kind,
    });

  return {
    close: async () => {
      registry.onMembershipChanged = undefined;
      registry.onDocumentsRemoved = undefined;
      registry.onSessionsRevoked = undefined;
      registry.onNotification = undefined;
      registry.runCommand = undefined;
      registry.onlineMembers = undefined;
      registry.stats = undefined;
      await bus.close();
      documents.closeAll();
      await closeAdapter();
      await closeSharedDecodePool();
      await closeMergeWorker();
    },
  };
}
