import type pg from "pg";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Namespace } from "socket.io";
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
import { onJoin } from "@/lib/realtime/handlers/on-join";
import { onDisconnect, onLeave } from "@/lib/realtime/handlers/on-leave";
import { onMessage } from "@/lib/realtime/handlers/on-message";
import { onStoredElsewhere, resyncAfterGap } from "@/lib/realtime/handlers/on-stored-elsewhere";
import { liveDocumentHost } from "@/lib/realtime/live-host";
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
    collab.local
      .to(roomOf(storageName))
      .emit("y", clientDocName(storageName), encodeUpdateMessage(update));
  const ctx: CollabContext = {
    collab,
    registry,
    budgets,
    documentBudget: options.documentBudget ?? memberDocumentBudget(),
    messageLimiter: new RateLimiterMemory({ keyPrefix: "y", ...SOCKET_LIMITS.messages }),
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
    socket.on("join", onJoin(ctx, socket));
    socket.on("leave", onLeave(ctx, socket));
    socket.on("y", onMessage(ctx, socket));
    socket.on("command", onCommand(ctx, socket));
    socket.on("disconnect", onDisconnect(ctx, socket));
  });

  return { onEvent: onStoredElsewhere(ctx), resync: resyncAfterGap(ctx), host };
}
