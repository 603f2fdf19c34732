import type { Server } from "socket.io";
import type { TGroupChange } from "@/lib/app/group-changes";

/**
 * Next's bundled route code and server.ts may hold different instances of the same module, so
 * what both need at run time (the socket.io server) is reached through globalThis.
 */
type RealtimeRegistry = {
  io?: Server;
  /** Re-checks a user's open documents after their membership changed (set by attachRealtime). */
  onMembershipChanged?: (groupId: string, userId: string) => Promise<void>;
  /**
   * Which of a group's members have a /collab socket on any process, with the chapter of that
   * group each has open (null when none); `partial` when some process did not answer in time.
   */
  onlineMembers?: (
    groupId: string,
    memberIds: string[],
  ) => Promise<{ members: { userId: string; chapterId: string | null }[]; partial: boolean }>;
  /**
   * Re-checks every open document of the group on every process after some were deleted (a
   * text removed): sockets on a document that no longer exists are told (`y-error` not_found).
   */
  onDocumentsRemoved?: (groupId: string) => Promise<void>;
  /**
   * Disconnects, on every process, the user's sockets whose session version is below `version`
   * (sign out everywhere, password change or reset).
   */
  onSessionsRevoked?: (userId: string, version: number) => Promise<void>;
  /** Pushes a stored notification to the user's open sockets on every process. */
  onNotification?: (userId: string, notification: { id: string; kind: string }) => Promise<void>;
  /** Nudges the group's members' sockets on every process (lib/app/group-changes.ts). */
  onGroupChanged?: (change: TGroupChange) => Promise<void>;
  /** What this process holds, for /api/health. */
  stats?: () => {
    documents: number;
    decodedDocuments: number;
    connections: number;
    eventBus: "listening" | "reconnecting";
  };
  /**
   * The one cross-process channel (the socket.io adapter's server-side events) and the resync
   * behind it: `ok` when the adapter is connected and the last watermark check succeeded.
   */
  eventChannel?: () => {
    via: "socket.io-postgres-adapter" | "socket.io-redis-adapter";
    ok: boolean;
    latencyMs: number | null;
    caughtUp: number;
    error?: string;
  };
  /** Redis as the socket.io adapter sees it; set only when REDIS_URL is configured. */
  redisHealth?: () => Promise<{
    status: "up" | "down";
    latencyMs: number | null;
    error?: string;
  }>;
};

const globalForRealtime = globalThis as unknown as { marginaliaRealtime?: RealtimeRegistry };

export function realtimeRegistry(): RealtimeRegistry {
  globalForRealtime.marginaliaRealtime ??= {};
  return globalForRealtime.marginaliaRealtime;
}
