import type pg from "pg";
import type { Namespace, Socket } from "socket.io";
import { DOCUMENT_COMMANDS } from "@/lib/realtime/document-commands";
import { executeCommand } from "@/lib/documents/execute";
import type { DocumentHost } from "@/lib/documents/host";
import {
  memberDocumentBudget,
  type TMemberDocumentBudget,
} from "@/lib/realtime/budgets/member-documents";
import { CommandLoad } from "@/lib/realtime/budgets/command-load";
import { UserBudgets } from "@/lib/realtime/budgets/user-budgets";
import type { DocumentRegistry } from "@/lib/realtime/document-registry";
import type { RealtimeEvent } from "@/lib/realtime/channel";
import type { CollabContext } from "@/lib/realtime/handlers/context";
import { onCommand } from "@/lib/realtime/handlers/on-command";
import type { SocketListener } from "@/lib/realtime/handlers/guard";
import { onJoin } from "@/lib/realtime/handlers/on-join";
import { onDisconnect, onLeave } from "@/lib/realtime/handlers/on-leave";
import { onMessage } from "@/lib/realtime/handlers/on-message";
import { onStoredElsewhere, resyncAfterGap } from "@/lib/realtime/handlers/on-stored-elsewhere";
import { liveDocumentHost } from "@/lib/realtime/live-host";
import { afterAcks } from "@/lib/realtime/after-acks";
import { roomOf, userRoom } from "@/lib/realtime/rooms";
import { clientDocName } from "@/lib/documents/names";
import { encodeUpdateMessage } from "@/lib/realtime/protocol/messages";
import { SOCKET_LIMITS, stateOf } from "@/lib/realtime/socket-state";

export { SOCKET_LIMITS };

/**
 * The /collab namespace, in Hocuspocus's shape: each event has its own handler
 * (lib/realtime/handlers: join → authorise and load, y → decode, admit, store, relay, command →
 * lib/documents, leave and disconnect), sharing one context. Returns what the channel and
 * lib/documents need: the cross-process event handler, the resync after a gap, and the host
 * through which commands change this process's live documents.
 */
export function registerCollabHandlers(
  collab: Namespace,
  registry: DocumentRegistry,
  pool: pg.Pool,
  options: {
    budgets?: UserBudgets;
    commandLoad?: CommandLoad;
    documentBudget?: TMemberDocumentBudget;
    /** A socket opened or left a chapter of this group (for "Online now"). */
    onReadingChanged?: (groupId: string) => void;
  } = {},
): {
  onEvent: (event: RealtimeEvent) => void;
  resync: () => Promise<void>;
  host: DocumentHost;
} {
  const budgets = options.budgets ?? new UserBudgets();
  const host = liveDocumentHost(collab, registry);
  // Each process sends its own clients what it applied from the store; the adapter carries no
  // document bytes, so a message it lost cannot leave a client behind.
  registry.onCaughtUp = (storageName, update) =>
    afterAcks(collab)(() =>
      collab.local
        .to(roomOf(storageName))
        .emit("y", clientDocName(storageName), encodeUpdateMessage(update)),
    );
  const ctx: CollabContext = {
    collab,
    registry,
    budgets,
    documentBudget: options.documentBudget ?? memberDocumentBudget(),
    commandLoad: options.commandLoad ?? new CommandLoad(),
    awarenessOwners: new WeakMap(),
    onReadingChanged: options.onReadingChanged,
    runCommand: (userId, payload, access) =>
      executeCommand({ userId }, payload, {
        commands: DOCUMENT_COMMANDS,
        host,
        access,
        lookup: (work) => budgets.lookup(userId, work),
        inTransaction: (client) => budgets.countCommand(client, userId),
      }),
  };

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
    next();
    // This is the last middleware: socket.io connects the socket on the next tick, unless its
    // connection has closed by then, and such a socket never emits `disconnect`. Checked on the
    // tick after, rather than by a `close` listener on the connection: one added and removed
    // leaves the connection's listener array grown for its life (0.11 KiB per socket).
    process.nextTick(() => {
      if (!socket.connected) budgets.releaseSocket(user.id, socket.id);
    });
  });

  // One listener per event for the whole namespace (the socket is `this`), not a closure per
  // socket: what an idle socket costs is its state, not its handlers.
  const listeners: [string, SocketListener][] = [
    ["join", onJoin(ctx)],
    ["leave", onLeave(ctx)],
    ["y", onMessage(ctx)],
    ["command", onCommand(ctx)],
  ];
  // One `disconnect` listener of ours, not two: with the online watch's that makes two, which
  // EventEmitter keeps in an array of exactly two; a third is pushed and grows it (0.13 KiB
  // per socket).
  const leaveAll = onDisconnect(ctx);
  listeners.push([
    "disconnect",
    function (this: Socket, ...args: unknown[]) {
      try {
        leaveAll.apply(this, args);
      } finally {
        budgets.releaseSocket(stateOf(this).user.id, this.id);
      }
    },
  ]);
  collab.on("connection", (socket) => {
    const state = stateOf(socket);
    state.joined = new Map();
    state.reading = [];
    state.inFlight = 0;
    state.strikes = 0;
    state.messagesInWindow = 0;
    state.windowEndsAt = 0;
    void socket.join(userRoom(state.user.id));
    for (const [event, listener] of listeners) socket.on(event, listener);
  });

  return { onEvent: onStoredElsewhere(ctx), resync: resyncAfterGap(ctx), host };
}
