/**
 * Issue 16's memory per idle connected client, checked by structure rather than by RSS (which
 * moves with the garbage collector): what the /collab server keeps for each socket. The real
 * socket server (attachRealtime, its PostgreSQL adapter) runs in this process, so its sockets,
 * their listeners and every pg statement of the handshake can be looked at directly.
 */
import type { Server, Socket } from "socket.io";
import { io as ioClient } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { COLLAB_NAMESPACE } from "@/lib/realtime/attach-realtime";
import { SOCKET_LIMITS } from "@/lib/realtime/socket-state";
import { CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  seedChapter,
  seedMember,
  startInProcessRealtime,
  watchPgStatements,
  type InProcessRealtime,
} from "@/tests/helpers/in-process-realtime";
import { withTestDatabase } from "@/tests/helpers/test-database";

process.env.REALTIME_MAX_SOCKETS_PER_USER = "50";
withTestDatabase();

/** pg statements sent while `recording` (every pool and client of this process). */
const statements: string[] = [];
let recording = false;
let restoreQuery: () => void = () => undefined;

/** The socket.io PostgreSQL adapter's own traffic and the resync's once-a-second check. */
const isBackground = (sql: string) =>
  sql.includes("socket_io_attachments") ||
  sql.includes("pg_notify") ||
  sql.trimStart().startsWith("LISTEN") ||
  (sql.includes("AS d(name)") && sql.includes("YDocSnapshot"));

let server: InProcessRealtime;
let io: Server;
let url: string;
let chapterId: string;
const cookies: string[] = [];
const clients: CollabClient[] = [];

beforeAll(async () => {
  restoreQuery = watchPgStatements((_connection, text) => {
    if (recording) statements.push(text);
  });
  const seeded = await seedChapter("Idle group");
  chapterId = seeded.chapterId;
  for (let i = 0; i < 2; i++) cookies.push((await seedMember(seeded.groupId, `Idle ${i}`)).cookie);
  server = await startInProcessRealtime();
  ({ io, url } = server);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await server?.close();
  restoreQuery();
});

async function connect(cookie: string): Promise<CollabClient> {
  const client = new CollabClient(url, cookie);
  clients.push(client);
  await client.connected();
  return client;
}

const doc = () => `chapter:${chapterId}`;
const serverSocket = (client: CollabClient): Socket => {
  const socket = io.of(COLLAB_NAMESPACE).sockets.get(client.socket.id ?? "");
  if (!socket) throw new Error("no server socket for the client");
  return socket;
};

describe("what the server keeps per idle socket", () => {
  it("every socket shares one listener per event: no closures of its own", async () => {
    const [a, b] = [await connect(cookies[0] ?? ""), await connect(cookies[1] ?? "")];
    expect(await a.join(doc())).toMatchObject({ ok: true });
    expect(await b.join(doc())).toMatchObject({ ok: true });
    const [left, right] = [serverSocket(a), serverSocket(b)];
    const events = left.eventNames().map(String);
    expect(new Set(events)).toEqual(new Set(right.eventNames()));
    expect(events).toEqual(
      expect.arrayContaining(["join", "leave", "y", "command", "disconnect", "online:watch"]),
    );
    for (const event of events) {
      const own = left.listeners(event);
      expect(own.length, `listeners of ${String(event)}`).toBe(right.listeners(event).length);
      own.forEach((listener, i) =>
        expect(listener, `listener ${i} of ${String(event)} is made per socket`).toBe(
          right.listeners(event)[i],
        ),
      );
    }
  });

  it("a socket's state is its user, its open documents and a few counters, nothing else", async () => {
    const client = await connect(cookies[0] ?? "");
    expect(await client.join(doc())).toMatchObject({ ok: true });
    const data = serverSocket(client).data as Record<string, unknown>;
    // Adding per-socket state costs every idle connection: make it a decision, here.
    expect(Object.keys(data).sort()).toEqual(
      [
        "user",
        "sessionVersion",
        "onlineGroups",
        "joined",
        "reading",
        "inFlight",
        "strikes",
        "messagesInWindow",
        "windowEndsAt",
      ].sort(),
    );
    expect(Object.keys(data.user as object).sort()).toEqual(["id", "name"]);
  });

  it("an open socket keeps no copy of its session cookie (engine.io keeps the upgrade request)", async () => {
    const cookie = cookies[0] ?? "";
    const token = cookie.slice(cookie.indexOf("=") + 1);
    expect(token.length).toBeGreaterThan(100);
    const client = await connect(cookie);
    // Still the signed-in account: the join is authorised as before.
    expect(await client.join(doc())).toMatchObject({ ok: true });
    const socket = serverSocket(client);
    expect(socket.conn.request).toBe(socket.request);
    expect(socket.handshake.headers.cookie).toBeUndefined();
    expect(socket.request.headers.cookie).toBeUndefined();
    expect(socket.request.rawHeaders.map((h) => h.toLowerCase())).not.toContain("cookie");
    expect(socket.request.rawHeaders.some((h) => h.includes(token))).toBe(false);
    expect(JSON.stringify(socket.handshake)).not.toContain(token);
    expect(JSON.stringify(socket.data)).not.toContain(token);
  });

  it("a handshake whose connection closes before it connects gives its connection slot back", async () => {
    const cookie = cookies[1] ?? "";
    // Each sends its CONNECT (the socket's own "open" listener runs first) and closes at once,
    // while the server is still authenticating it.
    const abandoned = Array.from({ length: 60 }, () => {
      const socket = ioClient(`${url}${COLLAB_NAMESPACE}`, {
        transports: ["websocket"],
        extraHeaders: { cookie },
        reconnection: false,
        forceNew: true,
      });
      const closed = new Promise<void>((resolve) => socket.io.once("close", () => resolve()));
      socket.io.once("open", () => socket.io.engine.close());
      return closed.then(() => socket.close());
    });
    await Promise.all(abandoned);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The account's 50 slots (REALTIME_MAX_SOCKETS_PER_USER) are all free again.
    const all = await Promise.allSettled(
      Array.from({ length: 50 }, () => {
        const client = new CollabClient(url, cookie);
        clients.push(client);
        return client.connected();
      }),
    );
    expect(all.filter((result) => result.status === "rejected")).toHaveLength(0);
  });

  it("the handshake costs one database statement (the account, its session version and groups)", async () => {
    await connect(cookies[0] ?? ""); // the first connection warms the pool
    await new Promise((resolve) => setTimeout(resolve, 200));
    statements.length = 0;
    recording = true;
    try {
      await connect(cookies[1] ?? "");
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      recording = false;
    }
    const ours = statements.filter((sql) => !isBackground(sql));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('"sessionVersion"');
    expect(ours[0]).toContain('"Membership"');
  });

  it("the socket's own message budget still refuses the message past it, without a limiter entry", async () => {
    const client = await connect(cookies[0] ?? "");
    const frame = new Uint8Array([0, 0, 0]);
    // One at a time: the budget is counted, not the in-flight bound.
    for (let i = 0; i < SOCKET_LIMITS.messages.points; i++)
      expect(await client.sendRaw("chapter:not-joined", frame)).toMatchObject({
        ok: false,
        error: "not_joined",
      });
    expect(await client.sendRaw("chapter:not-joined", frame)).toMatchObject({
      ok: false,
      error: "rate_limited",
    });
    const data = serverSocket(client).data as { messagesInWindow: number; strikes: number };
    expect(data.messagesInWindow).toBe(SOCKET_LIMITS.messages.points + 1);
    await waitFor(() => data.strikes === 1, 1_000, "the refusal counts as a strike");
  });
});
