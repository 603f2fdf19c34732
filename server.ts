/**
 * One HTTP server per process: Next.js renders pages and route handlers, socket.io carries Yjs
 * sync and presence on the same port (namespace /collab).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import next from "next";
import { Server as SocketServer } from "socket.io";
import { closePool } from "@/lib/db/pool";
import { disconnectDb } from "@/lib/db/prisma";
import { appUrl, getEnv } from "@/lib/env";
import { methodNotAllowed, writeMethodNotAllowed } from "@/lib/http/api-routes";
import { startHeldCommentReveals } from "@/lib/sessions/live/start-held-comment-reveals";
import { startReminderJob } from "@/lib/sessions/reminders/start-reminder-job";
import { attachRealtime } from "@/lib/realtime/attach-realtime";
import { realtimeRegistry } from "@/lib/app/realtime-registry";

export type RunningServer = { url: string; port: number; close: () => Promise<void> };

export async function startServer(
  options: { port?: number; hostname?: string; dev?: boolean } = {},
): Promise<RunningServer> {
  const env = getEnv();
  const dev = options.dev ?? env.NODE_ENV === "development";
  const hostname = options.hostname ?? env.HOST;

  // Requests that arrive before Next is prepared wait for it.
  const nextHandler: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const httpServer = createServer((req, res) => {
    // Rate limits key on the client address: a client must not choose its own.
    if (!env.TRUST_PROXY) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    // Next.js answers a method a route does not export with a bare 405; the API promises its
    // JSON error and `Allow` (docs/api.md), from the generated route table.
    const method = req.method ?? "GET";
    const pathname = URL.parse(req.url ?? "/", "http://localhost")?.pathname ?? "/";
    const allowed = methodNotAllowed(method, pathname);
    if (allowed) {
      writeMethodNotAllowed(res, { method, pathname }, allowed, appUrl(env));
      return;
    }
    void ready
      .then(() => nextHandler.handle?.(req, res))
      .catch((error: unknown) => {
        console.error("[http] request failed:", error);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? env.PORT, hostname, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;

  const io = new SocketServer(httpServer, {
    maxHttpBufferSize: 1_000_000,
    serveClient: false,
    connectionStateRecovery: undefined,
  });
  realtimeRegistry().io = io;
  const realtime = await attachRealtime(io);
  // Session reminders: each is claimed in PostgreSQL, so several processes send it once.
  const stopReminders = startReminderJob();
  // Comments held until a session starts: claimed in PostgreSQL, so each is revealed once.
  const stopReveals = startHeldCommentReveals();

  const app = next({
    dev,
    hostname: "localhost",
    port,
    dir: fileURLToPath(new URL(".", import.meta.url)),
  });
  await app.prepare();
  const requestHandler = app.getRequestHandler();
  nextHandler.handle = (req, res) => requestHandler(req, res);
  markReady();

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://localhost:${port}`,
    close: () => {
      closing ??= (async () => {
        stopReminders();
        stopReveals();
        await realtime.close();
        await io.close();
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await app.close?.();
        await disconnectDb();
        await closePool();
      })();
      return closing;
    },
  };
}

// `tsx server.ts`: serve with the configured database (scripts/start.ts adds the embedded one).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startServer();
  console.log(`Marginalia listening on ${server.url}`);
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
