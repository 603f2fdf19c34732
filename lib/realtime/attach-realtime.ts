import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import type { Server } from "socket.io";
import { getPool } from "@/lib/db/pool";
import { setDocumentHost } from "@/lib/documents/host";
import { processIdentity } from "@/lib/documents/process-identity";
import { getEnv } from "@/lib/env";
import { closeMergeWorker } from "@/lib/realtime/compaction/merge-updates-off-thread";
import { registerCollabHandlers } from "@/lib/realtime/collab-server";
import { closeSharedDecodePool } from "@/lib/realtime/decode/validate-update";
import { DocumentRegistry } from "@/lib/realtime/document-registry";
import { createRealtimeChannel } from "@/lib/realtime/channel";
import { createOnlineMembers } from "@/lib/realtime/online-members";
import { createOnlineWatch } from "@/lib/realtime/online-watch";
import { realtimeRegistry } from "@/lib/app/realtime-registry";
import { db } from "@/lib/db/prisma";
import { userRoom } from "@/lib/realtime/rooms";
import { sessionRevocation } from "@/lib/realtime/revoked-sessions";
import { connectRedis, type DependencyState } from "@/lib/realtime/redis-connection";
import { startResync } from "@/lib/realtime/resync";
import { authenticateSocket } from "@/lib/realtime/socket-auth";

export const COLLAB_NAMESPACE = "/collab";

export type ChannelEngine = "socket.io-postgres-adapter" | "socket.io-redis-adapter";

/**
 * Whether the PostgreSQL adapter's LISTEN connection is open. The adapter reconnects by itself
 * but does not say when it is away; its pub/sub client keeps the connection in a field the
 * types call private (checked in tests/integration/realtime-channel-outages.test.ts, so an
 * upgrade that moves it fails there, not silently in production).
 */
function postgresAdapterListening(adapter: unknown): boolean {
  const pubSub = (adapter as { client?: { client?: unknown } }).client;
  return pubSub?.client !== undefined;
}

async function crossProcessAdapter(io: Server): Promise<{
  engine: ChannelEngine;
  connected: () => boolean;
  /** Calls `listener` whenever the engine reports a lost connection (when it can tell). */
  onLoss: (listener: () => void) => void;
  close: () => Promise<void>;
  redisHealth?: () => Promise<DependencyState>;
}> {
  const env = getEnv();
  if (env.REDIS_URL) {
    const { createAdapter } = await import("@socket.io/redis-adapter");
    const redis = await connectRedis(env.REDIS_URL);
    io.adapter(createAdapter(redis.pub, redis.sub));
    return {
      engine: "socket.io-redis-adapter",
      connected: () => redis.pub.isReady && redis.sub.isReady,
      onLoss: (listener) => {
        redis.pub.on("error", listener);
        redis.sub.on("error", listener);
      },
      close: redis.close,
      redisHealth: redis.health,
    };
  }
  io.adapter(
    createPostgresAdapter(getPool(), {
      errorHandler: (error) => console.error("[realtime] adapter:", error.message),
    }),
  );
  return {
    engine: "socket.io-postgres-adapter",
    connected: () => postgresAdapterListening(io.of(COLLAB_NAMESPACE).adapter),
    // Its LISTEN connection's loss is not observable; the resync's failing query shows it.
    onLoss: () => undefined,
    close: () => Promise.resolve(),
  };
}

/**
 * Wires the /collab namespace: rooms that span processes (PostgreSQL adapter, or Redis with
 * REDIS_URL), the authenticated handshake, the document protocol, and the one channel (the
 * adapter's server-side events) plus the periodic resync through which each process applies,
 * and relays to its clients, what the others stored.
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
  // One cross-process channel: the adapter's server-side events (no bus of our own).
  const channel = createRealtimeChannel(collab, (event) => {
    if (event.type === "sessions-revoked") return revocation.revoke(event.userId, event.version);
    if (event.type === "membership")
      void onlineWatch
        .onMembership(event.groupId, event.userId)
        .catch((error: unknown) => console.error("[realtime] online watch:", error));
    return handlers.onEvent(event);
  });
  documents.onStored = (doc, id) =>
    channel.publish({ type: "doc-update", doc, id: id.toString(), origin: processIdentity().id });
  const resync = startResync(pool, documents, {
    channelUp: adapter.connected,
    onGapClosed: async () => {
      await handlers.resync();
      await revocation.recheckAll();
    },
  });

  adapter.onLoss(resync.noteGap);

  const registry = realtimeRegistry();
  const publish = (event: Parameters<typeof channel.publish>[0]) => {
    channel.publish(event);
    return Promise.resolve();
  };
  registry.onMembershipChanged = (groupId, userId) =>
    publish({ type: "membership", groupId, userId });
  registry.onDocumentsRemoved = (groupId) => publish({ type: "documents-removed", groupId });
  registry.onSessionsRevoked = (userId, version) =>
    publish({ type: "sessions-revoked", userId, version });
  // Commands from route handlers and jobs of this process change the documents it holds.
  setDocumentHost(handlers.host);
  registry.onlineMembers = createOnlineMembers(collab);
  registry.stats = () => ({
    documents: documents.size,
    decodedDocuments: documents.decodedCount,
    connections: collab.sockets.size,
    eventBus: adapter.connected() ? "listening" : "reconnecting",
  });
  registry.eventChannel = () => {
    const { compared, latencyMs, caughtUp, error } = resync.state();
    const connected = adapter.connected();
    return {
      via: adapter.engine,
      ok: connected && compared,
      latencyMs,
      caughtUp,
      ...(connected ? (error ? { error } : {}) : { error: "the adapter is not connected" }),
    };
  };
  registry.redisHealth = adapter.redisHealth;
  registry.onNotification = (userId, notification) =>
    publish({
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
      registry.eventChannel = undefined;
      resync.close();
      documents.closeAll();
      await adapter.close();
      await closeSharedDecodePool();
      await closeMergeWorker();
    },
  };
}
