import type { Socket } from "socket.io";
import type { DocAccess } from "@/lib/documents/doc-access";
import type { LiveDocument } from "@/lib/realtime/live-document";
import type { OpenChapter } from "@/lib/realtime/online-members";
import type { SocketUser } from "@/lib/realtime/socket-auth";

/** Per-socket limits: what one client may send, and how much unfinished work it may queue. */
export const SOCKET_LIMITS = {
  maxInFlight: 64,
  maxJoinedDocs: 32,
  strikesBeforeDisconnect: 20,
  messages: { points: 300, duration: 10 },
} as const;

export type JoinedDoc = { access: DocAccess; live: LiveDocument; awarenessClients: Set<number> };

/** Who created a presence client id in a document: its socket, and that socket's user. */
export type AwarenessOwner = { socketId: string; userId: string };

export type Refusal = { code: string; message: string };

/** What the server keeps on each /collab socket (`socket.data`). */
export type SocketState = {
  user: SocketUser;
  joined: Map<string, JoinedDoc>;
  /** Chapter documents open on this socket, oldest first: small, read by other processes. */
  reading: OpenChapter[];
  inFlight: number;
  strikes: number;
  /** The socket's `join`/`y` messages in the current window, and when that window ends. */
  messagesInWindow: number;
  windowEndsAt: number;
};

export type Ack = (response: unknown) => void;

export function stateOf(socket: Socket): SocketState {
  return socket.data as SocketState;
}

/**
 * Counts one `join`/`y` message against the socket's own budget (SOCKET_LIMITS.messages): a
 * fixed window from the first message, as rate-limiter-flexible's memory limiter counts, but in
 * two numbers on the socket instead of a limiter entry and a timer per socket. Returns 0 when
 * the message is within the budget, else the milliseconds until the window ends.
 */
export function takeSocketMessage(state: SocketState, now = Date.now()): number {
  if (now >= state.windowEndsAt) {
    state.windowEndsAt = now + SOCKET_LIMITS.messages.duration * 1000;
    state.messagesInWindow = 0;
  }
  state.messagesInWindow += 1;
  return state.messagesInWindow > SOCKET_LIMITS.messages.points ? state.windowEndsAt - now : 0;
}

export function asAck(value: unknown): Ack | undefined {
  return typeof value === "function" ? (value as Ack) : undefined;
}

/** Refusals of access a client is told as they are; anything else is a server failure. */
export const ACCESS_REFUSALS: ReadonlySet<string> = new Set([
  "bad_request",
  "not_found",
  "forbidden",
]);
