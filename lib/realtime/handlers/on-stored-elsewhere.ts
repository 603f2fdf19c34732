import type { Socket } from "socket.io";
import { authorizeDoc } from "@/lib/documents/doc-access";
import { processIdentity } from "@/lib/documents/process-identity";
import { isAppError, type AppError } from "@/lib/errors/app-error";
import type { RealtimeEvent } from "@/lib/realtime/channel";
import { leaveDoc, type CollabContext } from "@/lib/realtime/handlers/context";
import { userRoom } from "@/lib/realtime/rooms";
import { ACCESS_REFUSALS, stateOf } from "@/lib/realtime/socket-state";

/**
 * Checks a socket's open documents (of one group, or all) afresh and leaves those now refused.
 * `revoked`: the user lost access (not_found reads as forbidden to them); `removed`: documents
 * were deleted, and a missing one answers not_found.
 */
async function recheckJoined(
  ctx: CollabContext,
  socket: Socket,
  groupId: string | null,
  reason: "revoked" | "removed",
): Promise<void> {
  const state = stateOf(socket);
  for (const [doc, joined] of state.joined) {
    if (groupId !== null && joined.access.groupId !== groupId) continue;
    let refusal: AppError["code"];
    try {
      joined.access = await authorizeDoc(state.user.id, doc);
      continue;
    } catch (error) {
      if (!isAppError(error) || !ACCESS_REFUSALS.has(error.code)) throw error;
      refusal = error.code;
    }
    leaveDoc(ctx, socket, doc);
    const removed = reason === "removed" && refusal === "not_found";
    socket.emit("y-error", doc, {
      code: removed ? "not_found" : refusal === "not_found" ? "forbidden" : refusal,
      message: removed ? "this document was deleted" : "you no longer have access to this document",
    });
  }
}

async function revokeIfNeeded(
  ctx: CollabContext,
  userId: string,
  groupId: string | null,
): Promise<void> {
  const sockets = await ctx.collab.in(userRoom(userId)).local.fetchSockets();
  for (const remote of sockets) {
    const socket = ctx.collab.sockets.get(remote.id);
    if (socket) await recheckJoined(ctx, socket, groupId, "revoked");
  }
}

/** Applies what other processes stored (the registry relays it to this process's clients). */
async function catchUpDocument(ctx: CollabContext, storageName: string): Promise<void> {
  await ctx.registry.catchUp(storageName);
}

/** What another process announced: a stored update, a membership change, a deletion, a notification. */
export function onStoredElsewhere(ctx: CollabContext) {
  return (event: RealtimeEvent): void => {
    if (event.type === "doc-update") {
      // This process applied its own writes before storing them.
      if (event.origin === processIdentity().id) return;
      void catchUpDocument(ctx, event.doc).catch((error: unknown) =>
        console.error("[realtime] catch-up failed:", error),
      );
    } else if (event.type === "membership") {
      void revokeIfNeeded(ctx, event.userId, event.groupId).catch((error: unknown) =>
        console.error("[realtime] revoke failed:", error),
      );
    } else if (event.type === "documents-removed") {
      void (async () => {
        for (const socket of [...ctx.collab.sockets.values()])
          await recheckJoined(ctx, socket, event.groupId, "removed");
      })().catch((error: unknown) => console.error("[realtime] removal check failed:", error));
    } else if (event.type === "notification") {
      ctx.collab.local
        .to(userRoom(event.userId))
        .emit("notification", { id: event.id, kind: event.kind });
    }
  };
}

/**
 * After a gap (the channel or PostgreSQL away): what was announced meanwhile is lost, so every
 * held document catches up (and relays what it finds to its clients), and every open document's
 * access is checked.
 */
export function resyncAfterGap(ctx: CollabContext) {
  return async (): Promise<void> => {
    for (const storageName of ctx.registry.heldNames()) await catchUpDocument(ctx, storageName);
    const users = new Set(
      [...ctx.collab.sockets.values()].map((socket) => stateOf(socket).user.id),
    );
    for (const userId of users) await revokeIfNeeded(ctx, userId, null);
  };
}
