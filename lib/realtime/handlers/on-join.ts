import { encodeAwarenessUpdate } from "y-protocols/awareness";
import { authorizeDoc, type DocAccess } from "@/lib/documents/doc-access";
import { isAppError } from "@/lib/errors/app-error";
import { DocumentRegistryFullError } from "@/lib/realtime/document-registry";
import type { CollabContext } from "@/lib/realtime/handlers/context";
import { guarded, type SocketListener } from "@/lib/realtime/handlers/guard";
import type { LiveDocument } from "@/lib/realtime/live-document";
import {
  encodeAwarenessMessage,
  encodeSyncStep1FromStateVector,
} from "@/lib/realtime/protocol/messages";
import { roomOf } from "@/lib/realtime/rooms";
import { ACCESS_REFUSALS, asAck, SOCKET_LIMITS, stateOf } from "@/lib/realtime/socket-state";

/**
 * `join { doc }`: authorise (lib/access) → load (or share the held copy) → enter the room →
 * ack → sync step 1, the whole state as step 2, and the peers' presence, as y-websocket does.
 */
export function onJoin(ctx: CollabContext): SocketListener {
  const { budgets, registry } = ctx;
  return guarded(
    {
      socketMessage: true,
      limiters: (socket) => [[budgets.joinLimiter, stateOf(socket).user.id]],
    },
    async (socket, payload, maybeAck) => {
      const state = stateOf(socket);
      const ack = asAck(maybeAck) ?? (() => undefined);
      const doc = (payload as { doc?: unknown } | null)?.doc;
      if (typeof doc === "string" && state.joined.has(doc)) {
        const joined = state.joined.get(doc);
        ack({ ok: true, writable: joined?.access.writable ?? false });
        return;
      }
      if (state.joined.size >= SOCKET_LIMITS.maxJoinedDocs)
        return ack({ ok: false, error: "bad_request", message: "too many open documents" });
      if (!budgets.reserveJoin(state.user.id))
        return ack({
          ok: false,
          error: "bad_request",
          message: "too many open documents for your account",
        });
      let live: LiveDocument;
      let access: DocAccess;
      try {
        const looked = await budgets.lookup(state.user.id, async () => {
          const found = await authorizeDoc(state.user.id, doc);
          return { access: found, live: await registry.open(found.storageName) };
        });
        access = looked.access;
        live = looked.live;
      } catch (error) {
        budgets.releaseJoin(state.user.id);
        if (isAppError(error) && ACCESS_REFUSALS.has(error.code))
          return ack({ ok: false, error: error.code });
        if (!(error instanceof DocumentRegistryFullError)) throw error;
        return ack({ ok: false, error: "busy", message: "The server is busy; try again soon." });
      }
      // The socket left, or joined the same document, while this join waited: without this
      // check the document would stay held for a socket that is gone.
      if (socket.disconnected || state.joined.has(access.doc)) {
        budgets.releaseJoin(state.user.id);
        registry.releaseIfUnheld(live);
        if (!socket.disconnected) ack({ ok: true, writable: access.writable });
        return;
      }
      registry.acquire(live, socket.id);
      state.joined.set(access.doc, { access, live, awarenessClients: new Set() });
      if (access.kind === "chapter") {
        state.reading.push({ groupId: access.groupId, chapterId: access.resourceId });
        ctx.onReadingChanged?.(access.groupId);
      }
      await socket.join(roomOf(access.storageName));
      // No read of the store here: from now on the socket is in the room, and everything this
      // process applies to the copy (its own writes, others' caught up from the store) is relayed
      // to the room, while what it applied before is in the state sent below, in the same tick.
      // A catch-up here waited behind every command queued on the document, one join after
      // another: 250 clients moving to a surviving process under load took 193 s (issue 18).
      ack({ ok: true, writable: access.writable });
      // As y-websocket servers do: our state vector, then everything we have (a whole state
      // encoded once for many joins, and the changes since it; see LiveDocument.joinFrames).
      // From the stored bytes while nothing has needed the document decoded.
      socket.emit("y", access.doc, encodeSyncStep1FromStateVector(live.stateVector()));
      for (const frame of live.joinFrames()) socket.emit("y", access.doc, frame);
      const peers = [...live.awareness.getStates().keys()];
      if (peers.length > 0)
        socket.emit(
          "y",
          access.doc,
          encodeAwarenessMessage(encodeAwarenessUpdate(live.awareness, peers)),
        );
    },
  );
}
