/**
 * The three realtime systems the benchmark runs side by side, behind one small interface: ours
 * (the app server, comments sent as commands and stored before they are acknowledged),
 * Hocuspocus 3.4 (the same comment made by the same command code on the client, sent as a Yjs
 * update) and the floor (a bare socket.io relay of those same update bytes).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import { CollabClient } from "@/tests/helpers/collab-client";
import { chapterDoc } from "@/lib/documents/names";

export type SystemName = "ours" | "hocuspocus" | "floor";

/** One comment as every system sends it: the same ids, anchor and body. */
export type BenchComment = {
  threadId: string;
  messageId: string;
  chapterId: string;
  paragraphId: string;
  body: string;
};

export type Reader = {
  /** Resolves with performance.now() when the comment with this thread id has arrived. */
  seen: (threadId: string) => Promise<number>;
  /** Resolves when the reader holds `threads` threads of the document (a join's state). */
  holds: (threads: number) => Promise<void>;
  bytesReceived: () => number;
  close: () => void;
};

export type Writer = {
  /** Sends the comment; resolves with the time of the server's acknowledgement, if it gives one. */
  send: (comment: BenchComment) => Promise<number | null>;
  close: () => void;
};

export type RealtimeSystem = {
  name: SystemName;
  serverPid: number;
  reader: (doc: string, cookie: string) => Promise<Reader>;
  writer: (doc: string, cookie: string) => Promise<Writer>;
};

/** The quote every benchmark comment anchors to: the paragraph's own first words. */
export const BENCH_PARAGRAPH_TEXT = "A paragraph of the benchmark text.";

function commandOf(comment: BenchComment) {
  const exact = "A paragraph";
  return {
    type: "comment.create",
    threadId: comment.threadId,
    messageId: comment.messageId,
    anchor: {
      chapterId: comment.chapterId,
      paragraphId: comment.paragraphId,
      start: 0,
      end: exact.length,
      exact,
      prefix: "",
      suffix: BENCH_PARAGRAPH_TEXT.slice(exact.length, exact.length + 32),
    },
    body: comment.body,
  };
}

/** The comment made on a Y.Doc by the same code the server runs for `comment.create`. */
export function applyBenchComment(doc: Y.Doc, comment: BenchComment, authorId: string): void {
  const outcome = applyCommentCommand(
    doc,
    { doc: chapterDoc(comment.chapterId), id: randomUUID(), ...commandOf(comment) },
    { userId: authorId, role: "MEMBER" },
    new Date(),
  );
  if (!outcome.ok) throw new Error(outcome.message);
}

/** Waiters on a Y.Map of threads, resolved as keys arrive. */
function threadWatcher(threads: Y.Map<unknown>) {
  const waiting = new Map<string, (at: number) => void>();
  const arrived = new Map<string, number>();
  const sizeWaiters: { size: number; resolve: () => void }[] = [];
  threads.observe((event) => {
    const at = performance.now();
    for (const key of event.keysChanged as Set<string>) {
      const resolve = waiting.get(key);
      if (resolve) {
        waiting.delete(key);
        resolve(at);
      } else arrived.set(key, at);
    }
    for (const waiter of [...sizeWaiters])
      if (threads.size >= waiter.size) {
        sizeWaiters.splice(sizeWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
  });
  return {
    seen: (threadId: string) =>
      new Promise<number>((resolve) => {
        const at = arrived.get(threadId);
        if (at !== undefined) {
          arrived.delete(threadId);
          resolve(at);
        } else waiting.set(threadId, resolve);
      }),
    holds: (size: number) =>
      new Promise<void>((resolve) => {
        if (threads.size >= size) resolve();
        else sizeWaiters.push({ size, resolve });
      }),
  };
}

export function ourSystem(url: string, serverPid: number, authorId: string): RealtimeSystem {
  void authorId;
  const connect = async (doc: string, cookie: string) => {
    const client = new CollabClient(url, cookie);
    let bytes = 0;
    client.socket.on("y", (_doc: string, frame: ArrayBuffer) => (bytes += frame.byteLength));
    await client.connected();
    const watcher = threadWatcher(client.docOf(doc).getMap("threads"));
    const joined = await client.join(doc);
    if (!joined.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
    return { client, watcher, bytes: () => bytes };
  };
  return {
    name: "ours",
    serverPid,
    reader: async (doc, cookie) => {
      const { client, watcher, bytes } = await connect(doc, cookie);
      return { ...watcher, bytesReceived: bytes, close: () => client.close() };
    },
    writer: async (doc, cookie) => {
      const { client } = await connect(doc, cookie);
      return {
        send: async (comment) => {
          const { type, ...fields } = commandOf(comment);
          const ack = await client.command(doc, type, fields);
          if (!ack.ok) throw new Error(`command refused: ${JSON.stringify(ack)}`);
          return performance.now();
        },
        close: () => client.close(),
      };
    },
  };
}

/** ws with a byte counter, given to Hocuspocus's provider as its WebSocket. */
function countingWebSocket(counter: { bytes: number }) {
  return class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on("message", (data: Buffer) => (counter.bytes += data.byteLength));
    }
  };
}

/** A join that has not synced by then is a broken run, not a slow one. */
const SYNC_TIMEOUT_MS = 60_000;

export function hocuspocusSystem(
  port: number,
  serverPid: number,
  authorId: string,
): RealtimeSystem {
  const connect = async (doc: string) => {
    const counter = { bytes: 0 };
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${port}`,
      WebSocketPolyfill: countingWebSocket(counter),
    });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: doc });
    // A provider given its own websocket is not attached to it by itself (Hocuspocus 3): without
    // this it never syncs.
    provider.attach();
    const watcher = threadWatcher(provider.document.getMap("threads"));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Hocuspocus did not sync ${doc} within ${SYNC_TIMEOUT_MS} ms`)),
        SYNC_TIMEOUT_MS,
      );
      const synced = () => {
        clearTimeout(timer);
        resolve();
      };
      if (provider.isSynced) synced();
      else provider.on("synced", synced);
    });
    const close = () => {
      provider.destroy();
      socket.destroy();
    };
    return { provider, watcher, counter, close };
  };
  return {
    name: "hocuspocus",
    serverPid,
    reader: async (doc) => {
      const { watcher, counter, close } = await connect(doc);
      return { ...watcher, bytesReceived: () => counter.bytes, close };
    },
    writer: async (doc) => {
      const { provider, close } = await connect(doc);
      return {
        send: (comment) => {
          applyBenchComment(provider.document, comment, authorId);
          return Promise.resolve(null);
        },
        close,
      };
    },
  };
}

export function relaySystem(port: number, serverPid: number, authorId: string): RealtimeSystem {
  const connect = async (doc: string) => {
    const socket: Socket = io(`http://127.0.0.1:${port}`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    await socket.emitWithAck("join", doc);
    return socket;
  };
  // The floor sends the bytes Hocuspocus's writer sends: the comment's Yjs update.
  const scratch = new Y.Doc();
  return {
    name: "floor",
    serverPid,
    reader: async (doc) => {
      const socket = await connect(doc);
      const waiting = new Map<string, (at: number) => void>();
      const arrived = new Map<string, number>();
      let bytes = 0;
      socket.on("y", (_doc: string, frame: ArrayBuffer, tag: string) => {
        const at = performance.now();
        bytes += frame.byteLength;
        const resolve = waiting.get(tag);
        if (resolve) {
          waiting.delete(tag);
          resolve(at);
        } else arrived.set(tag, at);
      });
      return {
        seen: (threadId) =>
          new Promise<number>((resolve) => {
            const at = arrived.get(threadId);
            if (at !== undefined) resolve(at);
            else waiting.set(threadId, resolve);
          }),
        holds: async () => {},
        bytesReceived: () => bytes,
        close: () => socket.disconnect(),
      };
    },
    writer: async (doc) => {
      const socket = await connect(doc);
      return {
        send: (comment) => {
          const updates: Uint8Array[] = [];
          const capture = (update: Uint8Array) => updates.push(update);
          scratch.on("update", capture);
          applyBenchComment(scratch, comment, authorId);
          scratch.off("update", capture);
          socket.emit("y", doc, Y.mergeUpdates(updates), comment.threadId);
          return Promise.resolve(null);
        },
        close: () => socket.disconnect(),
      };
    },
  };
}

/** Starts a peer script in its own process; resolves with its port once it listens. */
export function startPeer(
  script: string,
  env: Record<string, string> = {},
): Promise<{ port: number; child: ChildProcess; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n")[0];
      if (!output.includes("\n") || !line) return;
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        port,
        child,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
          }),
      });
    });
  });
}
