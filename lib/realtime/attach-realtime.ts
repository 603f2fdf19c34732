import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import type { Server } from "socket.io";
import { getPool } from "@/lib/db/pool";
import { setDocumentHost } from "@/lib/documents/host";
import { getEnv } from "@/lib/env";
import { closeMergeWorker } from "@/lib/realtime/compaction/merge-updates-off-thread";
import { registerCollabHandlers } from "@/lib/realtime/collab-server";
import { closeSharedDecodePool } from "@/lib/realtime/decode/validate-update";
import { DocumentRegistry } from "@/lib/realtime/document-registry";
import { publishRealtimeEvent, subscribeRealtimeEvents } from "@/lib/realtime/event-bus";
import { createOnlineMembers } from "@/lib/realtime/online-members";
import { createOnlineWatch } from "@/lib/realtime/online-watch";
import { realtimeRegistry } from "@/lib/app/realtime-registry";
import { db } from "@/lib/db/prisma";
import { userRoom } from "@/lib/realtime/rooms";
import { sessionRevocation } from "@/lib/realtime/revoked-sessions";
import { connectRedis, type DependencyState } from "@/lib/realtime/redis-connection";
import { authenticateSocket } from "@/lib/realtime/socket-auth";

export const COLLAB_NAMESPACE = "/collab";

async function crossProcessAdapter(io: Server): Promise<{
  close: () => Promise<void>;
  redisHealth?: () => Promise<DependencyState>;
}> {
  const env = getEnv();
  if (env.REDIS_URL) {
    const { createAdapter } = await import("@socket.io/redis-adapter");
    const redis = await connectRedis(env.REDIS_URL);
    io.adapter(createAdapter(redis.pub, redis.sub));
    return { close: redis.close, redisHealth: redis.health };
  }
  io.adapter(
    createPostgresAdapter(getPool(), {
      errorHandler: (error) => console.error("[realtime] adapter:", error.message),
    }),
  );
  return { close: () => Promise.resolve() };
}

/**
 * Wires the /collab namespace: rooms that span processes (PostgreSQL adapter, or Redis with
 * REDIS_URL), the authenticated handshake, the document protocol, and the event bus through
 * which each process applies what the others stored.
 */
export async function attachRealtime(io: Server): Promise<{ close: () => Promise<void> }> {
  const adapter = await crossProcessAdapter(io);
  const pool = getPool();
  const collab = io.of(COLLAB_NAMESPACE);
  collab.use((socket, next) => {
    void authenticateSocket(socket, next).catch(() => next(new Error("unauthorized")));
  });
  const documents = new DocumentRegistry(pool);
  const onlineWatch = createOnlineWatch(collab);
  const handlers = registerCollabHandlers(collab, documents, pool, {
    onReadingChanged: onlineWatch.readingChanged,
  });
  const revocation = sessionRevocation(collab);
  collab.on("connection", revocation.checkOnConnect);
  collab.on("connection", onlineWatch.onConnection);
  const bus = await subscribeRealtimeEvents(
    (event) => {
      if (event.type === "sessions-revoked") return revocation.revoke(event.userId, event.version);
      if (event.type === "membership")
        void onlineWatch
          .onMembership(event.groupId, event.userId)
          .catch((error: unknown) => console.error("[realtime] online watch:", error));
      return handlers.onEvent(event);
    },
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
  // Commands from route handlers and jobs of this process change the documents it holds.
  setDocumentHost(handlers.host);
  registry.onlineMembers = createOnlineMembers(collab);
  registry.stats = () => ({
    documents: documents.size,
    connections: collab.sockets.size,
    eventBus: bus.listening() ? "listening" : "reconnecting",
  });
  registry.redisHealth = adapter.redisHealth;
  registry.onNotification = (userId, notification) =>
    publishRealtimeEvent(pool, {
      type: "notification",
      userId,
      id: notification.id,
      kind: notification.kind,
    });
  // Through the adapter, which carries room broadcasts to every process; the members are read
  // now, so someone removed from the group is not told, and the actor's other tabs are.
  registry.onGroupChanged = async ({ type, ...payload }) => {
    const members = await db.membership.findMany({
      where: { groupId: payload.groupId },
      select: { userId: true },
    });
    if (members.length > 0)
      collab.to(members.map((member) => userRoom(member.userId))).emit(type, payload);
  };

  return {
    close: async () => {
      registry.onMembershipChanged = undefined;
      registry.onDocumentsRemoved = undefined;
      registry.onSessionsRevoked = undefined;
      registry.onNotification = undefined;
      registry.onGroupChanged = undefined;
      setDocumentHost(undefined);
      registry.onlineMembers = undefined;
      registry.stats = undefined;
      registry.redisHealth = undefined;
      await bus.close();
      documents.closeAll();
      await adapter.close();
      await closeSharedDecodePool();
      await closeMergeWorker();
    },
  };
}
