import * as encoding from "lib0/encoding";
import type { Socket } from "socket.io";
import { applyAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { admitMemberUpdate } from "@/lib/realtime/budgets/member-documents";
import type { TAwarenessEntry } from "@/lib/realtime/decode/validate-awareness-update";
import type { CollabContext } from "@/lib/realtime/handlers/context";
import { guarded, type SocketListener } from "@/lib/realtime/handlers/guard";
import { handleIncomingMessage } from "@/lib/realtime/protocol/handle-incoming-message";
import { encodeAwarenessMessage, encodeUpdateMessage } from "@/lib/realtime/protocol/messages";
import { afterAcks } from "@/lib/realtime/after-acks";
import { roomOf } from "@/lib/realtime/rooms";
import {
  asAck,
  stateOf,
  type AwarenessOwner,
  type JoinedDoc,
  type Refusal,
} from "@/lib/realtime/socket-state";

/** Bytes that do not decode, or decode too slowly, end the connection. */
const FATAL_REFUSALS: ReadonlySet<string> = new Set([
  "bad_message",
  "malformed",
  "timeout",
  "too_large",
]);

/** An awareness update ([count, then clientID, clock, JSON state each]) of checked entries. */
function encodeAwarenessEntries(entries: TAwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Checks and relays a presence update. A socket may only speak for client ids it created
 * (another connection's are refused, removals of ids it never held are dropped), about its own
 * user, and for a bounded number of ids per socket and per user in one document.
 */
function relayAwareness(
  ctx: CollabContext,
  socket: Socket,
  joined: JoinedDoc,
  frame: Uint8Array,
  entries: TAwarenessEntry[],
): Refusal | null {
  const { user } = stateOf(socket);
  const { limits } = ctx.budgets;
  const owners = ctx.awarenessOwners.get(joined.live) ?? new Map<number, AwarenessOwner>();
  for (const entry of entries) {
    const owner = owners.get(entry.clientID);
    if (owner && owner.socketId !== socket.id)
      return { code: "forbidden", message: "that presence belongs to another connection" };
    const claimed = (entry.state?.user as { id?: unknown } | undefined)?.id;
    if (claimed !== undefined && claimed !== user.id)
      return { code: "forbidden", message: "presence must describe yourself" };
  }
  const added = new Set(
    entries
      .filter((entry) => entry.state !== null && !owners.has(entry.clientID))
      .map((entry) => entry.clientID),
  );
  if (joined.awarenessClients.size + added.size > limits.awarenessPerSocket)
    return {
      code: "presence_limit",
      message: `at most ${limits.awarenessPerSocket} presence states per connection`,
    };
  let usersOwn = added.size;
  for (const owner of owners.values()) if (owner.userId === user.id) usersOwn += 1;
  if (usersOwn > limits.awarenessPerUser)
    return {
      code: "presence_limit",
      message: `at most ${limits.awarenessPerUser} presence states per account in a document`,
    };

  // Removals of ids this socket never held are not relayed: nobody else's state goes.
  const kept = entries.filter((entry) => entry.state !== null || owners.has(entry.clientID));
  if (kept.length === 0) return null;
  ctx.awarenessOwners.set(joined.live, owners);
  for (const entry of kept) {
    if (entry.state === null) {
      owners.delete(entry.clientID);
      joined.awarenessClients.delete(entry.clientID);
    } else {
      owners.set(entry.clientID, { socketId: socket.id, userId: user.id });
      joined.awarenessClients.add(entry.clientID);
    }
  }
  const relayed = kept.length === entries.length ? frame : encodeAwarenessEntries(kept);
  applyAwarenessUpdate(joined.live.awareness, relayed, socket.id);
  socket
    .to(roomOf(joined.access.storageName))
    .emit("y", joined.access.doc, encodeAwarenessMessage(relayed));
  return null;
}

/**
 * `y (doc, bytes)`: one y-protocols message, decoded by the pure protocol code; an update to a
 * member-written document is admitted (size, structure), stored, then relayed and acked.
 */
export function onMessage(ctx: CollabContext): SocketListener {
  return guarded(
    {
      socketMessage: true,
      limiters: (socket) => [[ctx.budgets.messageLimiter, stateOf(socket).user.id]],
    },
    async (socket, doc, bytes, maybeAck) => {
      const state = stateOf(socket);
      const ack = asAck(maybeAck);
      const joined = typeof doc === "string" ? state.joined.get(doc) : undefined;
      if (!joined || typeof doc !== "string") {
        ack?.({ ok: false, error: "not_joined" });
        return;
      }
      const frame =
        bytes instanceof Uint8Array ? bytes : Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : null;
      const { access, live } = joined;
      const result = frame
        ? await handleIncomingMessage(live, frame, {
            writable: access.writable,
            origin: socket.id,
            apply: false,
          })
        : { refused: { code: "bad_message" as const, message: "frames are binary" } };

      if (result.refused) {
        ack?.({ ok: false, error: result.refused.code });
        socket.emit("y-error", doc, result.refused);
        if (FATAL_REFUSALS.has(result.refused.code)) socket.disconnect(true);
        return;
      }
      if (result.reply) socket.emit("y", doc, result.reply);
      if (result.update) {
        const update = result.update;
        const stored = await ctx.registry.write(
          live,
          (ydoc) => Y.applyUpdate(ydoc, update, socket.id),
          {
            storeExactly: update,
            // Members write these with raw updates: size and structure are checked first.
            admit:
              access.kind === "notes" || access.kind === "session-notes"
                ? (held) =>
                    admitMemberUpdate(
                      access.kind,
                      held.doc,
                      held.fullState(),
                      update,
                      ctx.documentBudget,
                    )
                : undefined,
          },
        );
        if (stored.refused) {
          ack?.({ ok: false, error: stored.refused.code, message: stored.refused.message });
          socket.emit("y-error", doc, stored.refused);
          return;
        }
        // Peers on this process; the other processes relay it from the store.
        const storedUpdate = stored.update;
        if (storedUpdate)
          afterAcks(ctx.collab)(() =>
            socket.local
              .to(roomOf(access.storageName))
              .emit("y", doc, encodeUpdateMessage(storedUpdate)),
          );
      }
      if (result.awareness) {
        const refusal = relayAwareness(
          ctx,
          socket,
          joined,
          result.awareness,
          result.awarenessEntries ?? [],
        );
        if (refusal) {
          ack?.({ ok: false, error: refusal.code, message: refusal.message });
          socket.emit("y-error", doc, refusal);
          return;
        }
      }
      ack?.({ ok: true });
    },
  );
}
