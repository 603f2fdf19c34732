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
};

export type Ack = (response: unknown) => void;

export function stateOf(socket: Socket): SocketState {
  return socket.data as SocketState;
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
