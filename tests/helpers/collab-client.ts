import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  encodeAwarenessMessage,
  encodeUpdateMessage,
  readServerMessage,
} from "@/lib/realtime/protocol/messages";

type Ack = Record<string, unknown> & { ok: boolean };

/**
 * A real socket.io client holding a real Y.Doc per joined document, speaking y-protocols as a
 * browser client does (sync replies, awareness), plus helpers to send commands and wait.
 */
export class CollabClient {
  readonly socket: Socket;
  readonly docs = new Map<string, Y.Doc>();
  readonly awareness = new Map<string, awarenessProtocol.Awareness>();
  readonly errors: { doc: string; code: string; message: string }[] = [];
  readonly notifications: { id: string; kind: string }[] = [];

  constructor(baseUrl: string, cookie: string | undefined, options: { origin?: string } = {}) {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (options.origin) headers.origin = options.origin;
    this.socket = io(`${baseUrl}/collab`, {
      transports: ["websocket"],
      extraHeaders: headers,
      reconnection: false,
      forceNew: true,
    });
    this.socket.on("y", (doc: string, bytes: ArrayBuffer | Uint8Array) =>
      this.receive(doc, new Uint8Array(bytes)),
    );
    this.socket.on("y-error", (doc: string, error: { code: string; message: string }) =>
      this.errors.push({ doc, ...error }),
    );
    this.socket.on("notification", (notification: { id: string; kind: string }) =>
      this.notifications.push(notification),
    );
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", (error) => reject(error));
    });
  }

  docOf(name: string): Y.Doc {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = new Y.Doc();
      this.docs.set(name, doc);
      const awareness = new awarenessProtocol.Awareness(doc);
      this.awareness.set(name, awareness);
    }
    return doc;
  }

  private receive(name: string, bytes: Uint8Array): void {
    const doc = this.docOf(name);
    const { reply } = readServerMessage(doc, this.awareness.get(name), bytes, "server");
    if (reply) this.socket.emit("y", name, reply);
  }

  join(doc: string): Promise<Ack> {
    this.docOf(doc);
    return this.socket.timeout(10_000).emitWithAck("join", { doc }) as Promise<Ack>;
  }

  leave(doc: string): void {
    this.socket.emit("leave", { doc });
  }

  command(
    doc: string,
    type: string,
    fields: Record<string, unknown> = {},
    id: string = randomUUID(),
  ): Promise<Ack> {
    return this.socket
      .timeout(15_000)
      .emitWithAck("command", { doc, id, type, ...fields }) as Promise<Ack>;
  }

  /** Sends a local change of a writable document as a y-protocols update, with an ack. */
  async edit(doc: string, change: (ydoc: Y.Doc) => void): Promise<Ack> {
    const ydoc = this.docOf(doc);
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin !== "server") updates.push(update);
    };
    ydoc.on("update", capture);
    change(ydoc);
    ydoc.off("update", capture);
    return this.sendUpdate(doc, Y.mergeUpdates(updates));
  }

  sendUpdate(doc: string, update: Uint8Array): Promise<Ack> {
    return this.sendRaw(doc, encodeUpdateMessage(update));
  }

  sendRaw(doc: string, frame: Uint8Array): Promise<Ack> {
    return this.socket.timeout(10_000).emitWithAck("y", doc, frame) as Promise<Ack>;
  }

  setPresence(doc: string, state: Record<string, unknown>): void {
    const awareness = this.awareness.get(doc);
    if (!awareness) throw new Error("join first");
    awareness.setLocalState(state);
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    this.socket.emit("y", doc, encodeAwarenessMessage(update));
  }

  threads(doc: string): Record<
    string,
    {
      id: string;
      authorId: string;
      resolved: boolean;
      messages: { id: string; authorId: string; body: string; deleted?: boolean }[];
    }
  > {
    return this.docOf(doc).getMap("threads").toJSON();
  }

  close(): void {
    this.socket.disconnect();
    for (const awareness of this.awareness.values()) awareness.destroy();
  }
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An anchor on the paragraph's first words: the server checks `exact` against the paragraph (the group fixture's first paragraph starts with "Secret"). */
export function anchorFor(chapterId: string, paragraphId: string, exact = "Secret") {
  return { chapterId, paragraphId, start: 0, end: exact.length, exact, prefix: "", suffix: "" };
}
