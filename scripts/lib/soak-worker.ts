/**
 * One of the soak's client workers (forked by scripts/lib/soak.ts): it holds real socket.io
 * clients with real Y.Docs for its share of the members, sends the comments the coordinator
 * schedules (retrying refusals with the same command id, as the app's clients do), and reports
 * acks, refusals, broadcast times and convergence back over IPC. The schedule, the phases, the
 * kills and the checks stay with the coordinator; see scripts/lib/soak-protocol.ts for why the
 * clients live in several processes.
 */
import * as Y from "yjs";
import { CollabClient } from "@/tests/helpers/collab-client";
import type {
  AppRef,
  ConvergeReport,
  FromWorker,
  ObserverSpec,
  ToWorker,
  WorkerMember,
} from "./soak-protocol";

type Member = WorkerMember & { client?: CollabClient; app?: string };

const members = new Map<number, Member>();
/** Every client alive in this worker (members' and observers'), with the process it is on. */
const appOf = new Map<CollabClient, string>();
let observers: CollabClient[] = [];
let measuring = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(message: FromWorker): void {
  process.send?.(message);
}

/**
 * A client that will not be used again: closed and forgotten, its Y.Docs destroyed (kept, each
 * with a replica of a document of ~1,000 threads, they ran one driver out of a 12 GB heap).
 */
function retire(client: CollabClient): void {
  appOf.delete(client);
  client.close();
  for (const doc of client.docs.values()) doc.destroy();
  client.docs.clear();
}

/**
 * Waits for the socket.io handshake, bounded. CollabClient.connected() waits for `connect` or
 * `connect_error`, but a transport closed after it opened and before the namespace answered (a
 * ping missed while 100 replicas here apply full states at once) emits only `disconnect`: in the
 * issue-sized reconnect storm 59 of 500 clients waited on it for good.
 */
function handshake(client: CollabClient, timeoutMs = 30_000): Promise<boolean> {
  const { socket } = client;
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (connected: boolean) => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("connect_error", onFailure);
      socket.off("disconnect", onFailure);
      resolve(connected);
    };
    const onConnect = () => finish(true);
    const onFailure = () => finish(false);
    const timer = setTimeout(onFailure, timeoutMs);
    socket.on("connect", onConnect);
    socket.on("connect_error", onFailure);
    socket.on("disconnect", onFailure);
  });
}

async function connect(cookie: string, doc: string, app: AppRef): Promise<CollabClient> {
  for (let attempt = 0; ; attempt++) {
    const client = new CollabClient(app.url, cookie);
    try {
      if (!(await handshake(client))) throw new Error("handshake failed");
      const joined = await client.join(doc);
      if (!joined.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
      appOf.set(client, app.name);
      return client;
    } catch (error) {
      retire(client);
      if (attempt >= 20) throw error;
      await sleep(250);
    }
  }
}

function memberOf(index: number): Member {
  const member = members.get(index);
  if (!member) throw new Error(`member ${index} is not in this worker`);
  return member;
}

async function connectTargets(targets: { member: number; app: AppRef }[], batch: number) {
  for (let i = 0; i < targets.length; i += batch)
    await Promise.all(
      targets.slice(i, i + batch).map(async ({ member: index, app }) => {
        const member = memberOf(index);
        member.client = await connect(member.cookie, member.doc, app);
        member.app = app.name;
      }),
    );
}

async function observe(list: ObserverSpec[]): Promise<void> {
  for (const { cookie, doc, app } of list) {
    const observer = await connect(cookie, doc, app);
    observers.push(observer);
    observer
      .docOf(doc)
      .getMap("threads")
      .observe((event) => {
        if (!measuring) return;
        const at = Date.now();
        for (const key of event.keysChanged as Set<string>)
          send({ kind: "seen", threadId: key, app: app.name, at });
      });
  }
}

/** Sends one comment and retries it (same command id) while the answer is a refusal. */
async function comment(message: Extract<ToWorker, { kind: "comment" }>): Promise<void> {
  const member = memberOf(message.member);
  const { command } = message;
  let retried = false;
  let sentAt: number | undefined;
  let sentTo: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const client = member.client;
    const app = client ? appOf.get(client) : undefined;
    let code: string;
    if (client?.socket.connected && app) {
      sentAt = Date.now();
      sentTo = app;
      const ack = await client
        .command(
          command.doc,
          "comment.create",
          {
            threadId: command.threadId,
            messageId: command.messageId,
            anchor: command.anchor,
            body: command.body,
          },
          command.commandId,
        )
        .catch((error: unknown) => ({ ok: false, error: String(error) }));
      if (ack.ok) {
        send({ kind: "done", id: message.id, ok: true, sentAt, app, at: Date.now(), retried });
        return;
      }
      code = typeof ack.error === "string" ? ack.error.slice(0, 40) : "unknown";
      if (process.env.SOAK_DEBUG) console.log(JSON.stringify(ack));
    } else {
      code = "disconnected";
    }
    if (message.reportRefusals) send({ kind: "refusal", id: message.id, code, at: Date.now() });
    if (!message.retryUntil || Date.now() > message.retryUntil) {
      send({
        kind: "done",
        id: message.id,
        ok: false,
        code,
        sentAt,
        app: sentTo,
        at: Date.now(),
        retried,
      });
      return;
    }
    retried = true;
    // Backoff with jitter, as the app's clients retry: a fixed 200-500 ms kept thousands of
    // pending commands waking several times a second, in the driver and on the server.
    await sleep(Math.min(1_500, 200 * 2 ** attempt) * (0.5 + Math.random() / 2));
  }
}

function sameState(member: Member, truth: Record<string, Uint8Array>): boolean {
  const want = truth[member.doc];
  const have = member.client ? Y.encodeStateVector(member.client.docOf(member.doc)) : undefined;
  return Boolean(want && have && Buffer.from(want).equals(Buffer.from(have)));
}

async function converge(message: Extract<ToWorker, { kind: "converge" }>): Promise<ConvergeReport> {
  const reconnected = [...members.values()].filter((member) => member.client);
  const deadline = Date.now() + message.timeoutMs;
  // A socket dropped again after its join (its ping unanswered while this worker's 100 replicas
  // applied full states at once) reconnects, as a browser's socket.io would; counted.
  const rejoining = new Set<Member>();
  let droppedAgain = 0;
  while (Date.now() < deadline && !reconnected.every((m) => sameState(m, message.truth))) {
    for (const member of reconnected) {
      const client = member.client;
      if (!client || client.socket.connected || rejoining.has(member)) continue;
      rejoining.add(member);
      droppedAgain += 1;
      void (async () => {
        client.socket.connect();
        if (await handshake(client)) await client.join(member.doc).catch(() => undefined);
        else client.socket.disconnect();
        rejoining.delete(member);
      })();
    }
    await sleep(50);
  }
  const converged = reconnected.filter((m) => sameState(m, message.truth)).length;
  // Each comment written while the clients were away, looked for in every client of its document.
  let missing = 0;
  for (const member of reconnected) {
    const threads = member.client?.docOf(member.doc).getMap("threads");
    for (const entry of message.written)
      if (entry.doc === member.doc && !threads?.has(entry.threadId)) missing += 1;
  }
  return { clients: reconnected.length, converged, missing, droppedAgain };
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case "init":
      for (const member of message.members) members.set(member.index, { ...member });
      return;
    case "measure":
      measuring = message.on;
      return;
    case "comment":
      return comment(message);
    case "stop":
      for (const client of appOf.keys()) retire(client);
      process.exit(0);
  }
  const { rid } = message;
  try {
    switch (message.kind) {
      case "connect":
        await connectTargets(message.targets, message.batch);
        return send({ kind: "reply", rid });
      case "observe":
        await observe(message.observers);
        return send({ kind: "reply", rid });
      case "drop": {
        const moved: number[] = [];
        for (const member of members.values())
          if (member.client && member.app === message.app) {
            retire(member.client);
            member.client = undefined;
            member.app = undefined;
            moved.push(member.index);
          }
        observers = observers.filter((observer) => {
          if (appOf.get(observer) !== message.app) return true;
          retire(observer);
          return false;
        });
        return send({ kind: "reply", rid, members: moved });
      }
      case "retireObservers":
        for (const observer of observers) retire(observer);
        observers = [];
        return send({ kind: "reply", rid });
      case "disconnectAll": {
        const dropped = [...members.values()].filter((member) => member.client);
        for (const member of dropped) member.client?.socket.disconnect();
        return send({ kind: "reply", rid, members: dropped.map((member) => member.index) });
      }
      case "reconnectAll": {
        let connectRetries = 0;
        let failed = 0;
        const seconds: number[] = [];
        const begin = performance.now();
        await Promise.all(
          [...members.values()].map(async (member) => {
            const client = member.client;
            if (!client) return;
            // The same socket and the same Y.Doc reconnect: what it missed must arrive by sync.
            // A handshake that fails (or a socket that drops before its join is answered) is
            // tried again with backoff, as socket.io's own reconnection does in a browser.
            for (let attempt = 0; ; attempt++) {
              client.socket.connect();
              if (await handshake(client)) {
                // A join refused or unanswered is asked again while the socket stays up.
                for (let tries = 0; tries < 5 && client.socket.connected; tries++) {
                  const joined = await client.join(member.doc).catch(() => ({ ok: false }));
                  if (joined.ok) {
                    seconds.push((performance.now() - begin) / 1000);
                    return;
                  }
                  await sleep(250);
                }
              }
              client.socket.disconnect();
              if (attempt >= 10) {
                failed += 1;
                return;
              }
              connectRetries += 1;
              await sleep(Math.min(5_000, 1_000 * 2 ** attempt) * (0.5 + Math.random() / 2));
            }
          }),
        );
        return send({ kind: "reply", rid, reconnect: { connectRetries, failed, seconds } });
      }
      case "converge":
        return send({ kind: "reply", rid, converge: await converge(message) });
    }
  } catch (error) {
    send({ kind: "reply", rid, error: error instanceof Error ? error.message : String(error) });
  }
}

process.on("message", (message: ToWorker) => {
  void handle(message);
});
// The coordinator gone (a crash, Ctrl-C): nothing is left to report to.
process.on("disconnect", () => process.exit(0));
const memory = setInterval(() => {
  send({
    kind: "memory",
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    clients: appOf.size,
  });
}, 1_000);
memory.unref();
send({ kind: "ready" });
