import { isDatabaseUnavailable } from "@/lib/db/connection-errors";
import { randomUUID } from "node:crypto";
import * as encoding from "lib0/encoding";
import type pg from "pg";
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Namespace, Socket } from "socket.io";
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from "y-protocols/awareness";
import * as Y from "yjs";
import {
  admitMemberUpdate,
  memberDocumentBudget,
  type TMemberDocumentBudget,
} from "@/lib/realtime/budgets/member-documents";
import { UserBudgets } from "@/lib/realtime/budgets/user-budgets";
import { runCommand, type CommandAck } from "@/lib/realtime/commands/run-command";
import { authorizeDoc, type DocAccess } from "@/lib/realtime/doc-access";
import { DocumentRegistryFullError, type DocumentRegistry } from "@/lib/realtime/document-registry";
import type { RealtimeEvent } from "@/lib/realtime/event-bus";
import type { LiveDocument } from "@/lib/realtime/live-document";
import type { OpenChapter } from "@/lib/realtime/online-members";
import { processIdentity } from "@/lib/realtime/process-identity";
import { handleIncomingMessage } from "@/lib/realtime/protocol/handle-incoming-message";
import type { TAwarenessEntry } from "@/lib/realtime/decode/validate-awareness-update";
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeUpdateMessage,
  MESSAGE_SYNC,
  SYNC_STEP_2,
} from "@/lib/realtime/protocol/messages";
import type { SocketUser } from "@/lib/realtime/socket-auth";

/** Per-socket limits: what one client may send, and how much unfinished work it may queue. */
export const SOCKET_LIMITS = {
  maxInFlight: 64,
  maxJoinedDocs: 32,
  strikesBeforeDisconnect: 20,
  messages: { points: 300, duration: 10 },
  commands: { points: 60, duration: 10 },
} as const;

type JoinedDoc = { access: DocAccess; live: LiveDocument; awarenessClients: Set<number> };
/** Who created a presence client id in a document: its socket, and that socket's user. */
type AwarenessOwner = { socketId: string; userId: string };
type Refusal = { code: string; message: string };
type SocketState = {
  user: SocketUser;
  joined: Map<string, JoinedDoc>;
  /** Chapter documents open on this socket, oldest first: small, read by other processes. */
  reading: OpenChapter[];
  inFlight: number;
  strikes: number;
};

type Ack = (response: unknown) => void;

let lastUnavailableReport = 0;
function reportDatabaseUnavailable(error: unknown): void {
  if (Date.now() - lastUnavailableReport < 1_000) return;
  lastUnavailableReport = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[realtime] database unavailable, refusing changes: ${message.split("\n")[0]}`);
}

const roomOf = (storageName: string) => `doc:${storageName}`;
export const userRoom = (userId: string) => `user:${userId}`;

function stateOf(socket: Socket): SocketState {
  return socket.data as SocketState;
}

function asAck(value: unknown): Ack | undefined {
  return typeof value === "function" ? (value as Ack) : undefined;
}

/**
 * The /collab namespace: join/leave documents, y-protocols sync and awareness in `y` events,
 * server-checked commands. Each handler is a small step (authorise → load → handle → store →
 * broadcast), like Hocuspocus' hook pipeline.
 */
export function registerCollabHandlers(
  collab: Namespace,
  registry: DocumentRegistry,
  pool: pg.Pool,
  options: { budgets?: UserBudgets; documentBudget?: TMemberDocumentBudget } = {},
): {
  onEvent: (event: RealtimeEvent) => void;
  resync: () => Promise<void>;
  executeCommand: (userId: string, payload: unknown) => Promise<CommandAck>;
} {
  const messageLimiter = new RateLimiterMemory({ keyPrefix: "y", ...SOCKET_LIMITS.messages });
  const commandLimiter = new RateLimiterMemory({ keyPrefix: "command", ...SOCKET_LIMITS.commands });
  const budgets = options.budgets ?? new UserBudgets(pool);
  const documentBudget = options.documentBudget ?? memberDocumentBudget();

  // Runs after authentication (registered first, in attach-realtime): one account's sockets
  // are counted on this process, and a handshake over the budget is refused before it connects.
  collab.use((socket, next) => {
    const user = stateOf(socket).user;
    if (!budgets.admitSocket(user.id, socket.id)) {
      const error = new Error("too_many_connections") as Error & { data?: unknown };
      error.data = {
        message: `At most ${budgets.limits.maxSockets} connections per account: close another tab or device.`,
      };
      next(error);
      return;
    }
    const release = () => budgets.releaseSocket(user.id, socket.id);
    // A handshake whose connection closes before `connection` never emits `disconnect`.
    socket.conn.once("close", release);
    socket.once("disconnect", release);
    next();
  });

  collab.on("connection", (socket) => {
    const state = stateOf(socket);
    state.joined = new Map();
    state.reading = [];
    state.inFlight = 0;
    state.strikes = 0;
    void socket.join(userRoom(state.user.id));

    /**
     * Bounded work per socket and per user: a client that floods is refused, then dropped.
     * Each budget is spent in turn (the socket's first, then its user's, shared by its sockets).
     */
    const guarded = (
      limiters: [RateLimiterAbstract, string][],
      handler: (...args: unknown[]) => Promise<void>,
    ) => {
      return (...args: unknown[]) => {
        const ack = asAck(args.at(-1));
        if (state.inFlight >= SOCKET_LIMITS.maxInFlight) {
          socket.disconnect(true);
          return;
        }
        state.inFlight += 1;
        limiters
          .reduce<Promise<unknown>>(
            (spent, [limiter, key]) => spent.then(() => limiter.consume(key)),
            Promise.resolve(),
          )
          .then(
            () => handler(...args),
            (error: unknown) => {
              if (!(error instanceof RateLimiterRes)) throw error;
              state.strikes += 1;
              ack?.({
                ok: false,
                error: "rate_limited",
                message: `Too many requests; try again in ${Math.ceil(error.msBeforeNext / 1000)} s.`,
              });
              if (state.strikes >= SOCKET_LIMITS.strikesBeforeDisconnect) socket.disconnect(true);
            },
          )
          .catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) {
              // A refusal the client retries; one log line per outage second, not one per call.
              reportDatabaseUnavailable(error);
              ack?.({
                ok: false,
                error: "unavailable",
                message: "The database cannot be reached right now; nothing was saved. Try again.",
              });
              return;
            }
            console.error("[realtime] handler failed:", error);
            ack?.({ ok: false, error: "internal", message: "something went wrong" });
          })
          .finally(() => {
            state.inFlight -= 1;
          });
      };
    };

    socket.on(
      "join",
      guarded(
        [
          [messageLimiter, socket.id],
          [budgets.joinLimiter, state.user.id],
        ],
        async (payload, maybeAck) => {
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
          let access: Awaited<ReturnType<typeof authorizeDoc>>;
          try {
            const looked = await budgets.lookup(state.user.id, async () => {
              const found = await authorizeDoc(state.user.id, doc);
              return found.ok
                ? { access: found, live: await registry.open(found.storageName) }
                : { access: found, live: undefined };
            });
            access = looked.access;
            if (!access.ok || !looked.live) {
              budgets.releaseJoin(state.user.id);
              return ack({ ok: false, error: access.ok ? "not_found" : access.error });
            }
            live = looked.live;
          } catch (error) {
            budgets.releaseJoin(state.user.id);
            if (!(error instanceof DocumentRegistryFullError)) throw error;
            return ack({
              ok: false,
              error: "busy",
              message: "The server is busy; try again soon.",
            });
          }
          // The socket left, or joined the same document, while this join waited: without
          // this check the document would stay held for a socket that is gone.
          if (socket.disconnected || state.joined.has(access.doc)) {
            budgets.releaseJoin(state.user.id);
            registry.releaseIfUnheld(live);
            if (!socket.disconnected) ack({ ok: true, writable: access.writable });
            return;
          }
          registry.acquire(live, socket.id);
          state.joined.set(access.doc, { access, live, awarenessClients: new Set() });
          if (access.kind === "chapter")
            state.reading.push({ groupId: access.groupId, chapterId: access.resourceId });
          await socket.join(roomOf(access.storageName));
          // Another process's change reaches this one twice: its broadcast to the room (missed by
          // a socket not in the room yet) and the event that makes this copy catch up (which may
          // come after the state below was sent). Catching up now, with the socket already in
          // the room, leaves no gap. If the store cannot answer, what is held is sent as before.
          await registry.catchUp(access.storageName).catch(() => undefined);
          ack({ ok: true, writable: access.writable });
          // As y-websocket servers do: our state vector, then everything we have.
          socket.emit("y", access.doc, encodeSyncStep1(live.doc));
          socket.emit("y", access.doc, encodeFullState(live));
          const peers = [...live.awareness.getStates().keys()];
          if (peers.length > 0)
            socket.emit(
              "y",
              access.doc,
              encodeAwarenessMessage(encodeAwarenessUpdate(live.awareness, peers)),
            );
        },
      ),
    );

    socket.on("leave", (payload: unknown) => {
      const doc = (payload as { doc?: unknown } | null)?.doc;
      if (typeof doc === "string") leaveDoc(socket, doc);
    });

    socket.on(
      "y",
      guarded(
        [
          [messageLimiter, socket.id],
          [budgets.messageLimiter, state.user.id],
        ],
        async (doc, bytes, maybeAck) => {
          const ack = asAck(maybeAck);
          const joined = typeof doc === "string" ? state.joined.get(doc) : undefined;
          if (!joined || typeof doc !== "string") {
            ack?.({ ok: false, error: "not_joined" });
            return;
          }
          const frame =
            bytes instanceof Uint8Array
              ? bytes
              : Buffer.isBuffer(bytes)
                ? new Uint8Array(bytes)
                : null;
          const { access, live } = joined;
          const result = frame
            ? await handleIncomingMessage(live.doc, frame, {
                writable: access.writable,
                origin: socket.id,
                apply: false,
              })
            : { refused: { code: "bad_message" as const, message: "frames are binary" } };

          if (result.refused) {
            ack?.({ ok: false, error: result.refused.code });
            socket.emit("y-error", doc, result.refused);
            // Bytes that do not decode, or decode too slowly, end the connection.
            if (["bad_message", "malformed", "timeout", "too_large"].includes(result.refused.code))
              socket.disconnect(true);
            return;
          }
          if (result.reply) socket.emit("y", doc, result.reply);
          if (result.update) {
            const update = result.update;
            const stored = await registry.write(
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
                          documentBudget,
                        )
                    : undefined,
              },
            );
            if (stored.refused) {
              ack?.({ ok: false, error: stored.refused.code, message: stored.refused.message });
              socket.emit("y-error", doc, stored.refused);
              return;
            }
            if (stored.update)
              socket
                .to(roomOf(access.storageName))
                .emit("y", doc, encodeUpdateMessage(stored.update));
          }
          if (result.awareness) {
            const refusal = relayAwareness(
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
      ),
    );

    socket.on(
      "command",
      guarded(
        [
          [commandLimiter, socket.id],
          [budgets.commandLimiter, state.user.id],
        ],
        async (payload, maybeAck) => {
          const ack = asAck(maybeAck) ?? (() => undefined);
          ack(await executeCommand(state.user.id, payload, state.joined));
        },
      ),
    );

    socket.on("disconnect", () => {
      for (const doc of [...state.joined.keys()]) leaveDoc(socket, doc);
    });
  });

  /** The command path shared by sockets and route handlers (through the realtime registry). */
  async function executeCommand(
    userId: string,
    payload: unknown,
    joined?: Map<string, JoinedDoc>,
  ): Promise<CommandAck> {
    if (typeof payload !== "object" || payload === null || Array.isArray(payload))
      return { ok: false, error: "bad_request", message: "a command is an object" };
    const command = payload as Record<string, unknown>;
    // Checked afresh on every command: a demoted or removed member loses rights at once.
    const access = await budgets.lookup(userId, () => authorizeDoc(userId, command.doc));
    if (!access.ok)
      return { ok: false, error: access.error, message: "no access to this document" };
    let live = joined?.get(access.doc)?.live;
    if (!live) {
      try {
        live = await registry.open(access.storageName);
      } catch (error) {
        if (!(error instanceof DocumentRegistryFullError)) throw error;
        return { ok: false, error: "busy", message: "The server is busy; try again soon." };
      }
    }
    // Held for the command's duration, so a full registry cannot let it go mid-command; then
    // the idle timer releases a document opened only for this command.
    const holder = `command:${randomUUID()}`;
    registry.acquire(live, holder);
    try {
      const { ack, update } = await runCommand(registry, pool, access, live, userId, command);
      if (update)
        collab.to(roomOf(access.storageName)).emit("y", access.doc, encodeUpdateMessage(update));
      return ack;
    } finally {
      registry.release(live, holder);
    }
  }

  function encodeFullState(live: LiveDocument): Uint8Array {
    // The full state is cached between changes; sync step 2 is that update in a frame.
    return encodeSyncStep2FromUpdate(live.fullState());
  }

  /**
   * Checks and relays a presence update. A socket may only speak for client ids it created
   * (another connection's are refused, removals of ids it never held are dropped), about its own
   * user, and for a bounded number of ids per socket and per user in one document.
   */
  function relayAwareness(
    socket: Socket,
    joined: JoinedDoc,
    frame: Uint8Array,
    entries: TAwarenessEntry[],
  ): Refusal | null {
    const { user } = stateOf(socket);
    const owners = awarenessOwners.get(joined.live) ?? new Map<number, AwarenessOwner>();
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
    if (joined.awarenessClients.size + added.size > budgets.limits.awarenessPerSocket)
      return {
        code: "presence_limit",
        message: `at most ${budgets.limits.awarenessPerSocket} presence states per connection`,
      };
    let usersOwn = added.size;
    for (const owner of owners.values()) if (owner.userId === user.id) usersOwn += 1;
    if (usersOwn > budgets.limits.awarenessPerUser)
      return {
        code: "presence_limit",
        message: `at most ${budgets.limits.awarenessPerUser} presence states per account in a document`,
      };

    // Removals of ids this socket never held are not relayed: nobody else's state goes.
    const kept = entries.filter((entry) => entry.state !== null || owners.has(entry.clientID));
    if (kept.length === 0) return null;
    awarenessOwners.set(joined.live, owners);
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

  function leaveDoc(socket: Socket, doc: string): void {
    const state = stateOf(socket);
    const joined = state.joined.get(doc);
    if (!joined) return;
    state.joined.delete(doc);
    if (joined.access.kind === "chapter")
      state.reading = state.reading.filter((open) => open.chapterId !== joined.access.resourceId);
    void socket.leave(roomOf(joined.access.storageName));
    const clients = [...joined.awarenessClients];
    if (clients.length > 0) {
      removeAwarenessStates(joined.live.awareness, clients, "leave");
      const owners = awarenessOwners.get(joined.live);
      for (const id of clients) owners?.delete(id);
      collab
        .to(roomOf(joined.access.storageName))
        .emit(
          "y",
          doc,
          encodeAwarenessMessage(encodeAwarenessUpdate(joined.live.awareness, clients)),
        );
    }
    registry.release(joined.live, socket.id);
    budgets.releaseJoin(state.user.id);
  }

  const awarenessOwners = new WeakMap<LiveDocument, Map<number, AwarenessOwner>>();

  async function revokeIfNeeded(userId: string, groupId: string | null): Promise<void> {
    const sockets = await collab.in(userRoom(userId)).local.fetchSockets();
    for (const remote of sockets) {
      const socket = collab.sockets.get(remote.id);
      if (socket) await recheckJoined(socket, groupId, "revoked");
    }
  }

  /**
   * Checks a socket's open documents (of one group, or all) afresh and leaves those now
   * refused. `revoked`: the user lost access (not_found reads as forbidden to them);
   * `removed`: documents were deleted, and a missing one answers not_found.
   */
  async function recheckJoined(
    socket: Socket,
    groupId: string | null,
    reason: "revoked" | "removed",
  ): Promise<void> {
    const state = stateOf(socket);
    for (const [doc, joined] of state.joined) {
      if (groupId !== null && joined.access.groupId !== groupId) continue;
      const access = await authorizeDoc(state.user.id, doc);
      if (access.ok) {
        joined.access = access;
        continue;
      }
      leaveDoc(socket, doc);
      const removed = reason === "removed" && access.error === "not_found";
      socket.emit("y-error", doc, {
        code: removed ? "not_found" : access.error === "not_found" ? "forbidden" : access.error,
        message: removed
          ? "this document was deleted"
          : "you no longer have access to this document",
      });
    }
  }

  /** Applies what other processes stored; `relay` also sends it to this process's clients. */
  async function catchUpDocument(storageName: string, relay: boolean): Promise<void> {
    const updates = await registry.catchUp(storageName);
    if (!relay || updates.length === 0) return;
    const clientDocName = storageName.split(":").slice(0, 2).join(":");
    collab.local
      .to(roomOf(storageName))
      .emit("y", clientDocName, encodeUpdateMessage(Y.mergeUpdates(updates)));
  }

  return {
    executeCommand: (userId: string, payload: unknown) => executeCommand(userId, payload),
    /**
     * After the event bus was cut off (PostgreSQL restarted): what was announced meanwhile is
     * lost, so every held document catches up and relays (its clients may have missed the
     * broadcasts too; Yjs ignores what they have), and every open document's access is checked.
     */
    resync: async () => {
      for (const storageName of registry.heldNames()) await catchUpDocument(storageName, true);
      const users = new Set([...collab.sockets.values()].map((socket) => stateOf(socket).user.id));
      for (const userId of users) await revokeIfNeeded(userId, null);
    },
    onEvent: (event) => {
      if (event.type === "doc-update") {
        // This process applied its own writes before storing them.
        if (event.origin === processIdentity().id) return;
        // Socket servers broadcast their own writes through the adapter; a maintenance write
        // (moving threads on a chapter split) has no socket server behind it, so each process
        // holding the document relays it to its own clients.
        void catchUpDocument(event.doc, event.origin.startsWith("maintenance:")).catch(
          (error: unknown) => console.error("[realtime] catch-up failed:", error),
        );
      } else if (event.type === "membership") {
        void revokeIfNeeded(event.userId, event.groupId).catch((error: unknown) =>
          console.error("[realtime] revoke failed:", error),
        );
      } else if (event.type === "documents-removed") {
        void (async () => {
          for (const socket of [...collab.sockets.values()])
            await recheckJoined(socket, event.groupId, "removed");
        })().catch((error: unknown) => console.error("[realtime] removal check failed:", error));
      } else if (event.type === "notification") {
        collab.local
          .to(userRoom(event.userId))
          .emit("notification", { id: event.id, kind: event.kind });
      }
    },
  };
}

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

/** Sync step 2 whose payload is an already-encoded update (no second encoding of the state). */
function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP_2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
