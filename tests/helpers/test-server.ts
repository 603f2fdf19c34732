import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_SESSION_SECRET } from "@/tests/helpers/test-database";

export type TestServer = {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  kill: (signal: NodeJS.Signals) => Promise<number | null>;
};

// The line names APP_URL when one is set: then the test passes a PORT and is served on it.
const READY = /Marginalia is ready at (https?:\/\/\S+)/;

// A test that fails before stopping its server must not leave it running: when the test
// process exits, every server it started goes too.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts the app as users run it (`tsx scripts/start.ts`, production build) on a free port.
 * With a databaseUrl it uses that database; without one it starts the embedded PostgreSQL in
 * its data folder.
 */
export async function startTestServer(
  options: {
    databaseUrl?: string;
    env?: Record<string, string>;
    dataDir?: string;
    timeoutMs?: number;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "marginalia-test-app-"));
  const ownsDataDir = !options.dataDir;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    NEXTAUTH_SECRET: TEST_SESSION_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  // SERVER_CPU_PROF_DIR (set by `npm run bench -- --cpu-prof`): each server writes a V8 CPU
  // profile there when it stops. Node refuses --cpu-prof in NODE_OPTIONS, so it goes on argv.
  const profileDir = process.env.SERVER_CPU_PROF_DIR;
  const profileArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profileArgs, "--import", "tsx", "scripts/start.ts"], {
    cwd: process.cwd(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${output}`)),
      options.timeoutMs ?? 90_000,
    );
    const onData = () => {
      const match = READY.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  const fixedPort = options.env?.PORT && options.env.PORT !== "0" ? options.env.PORT : undefined;
  return {
    url: fixedPort ? `http://127.0.0.1:${fixedPort}` : url.replace("localhost", "127.0.0.1"),
    process: child,
    output: () => output,
    kill,
    stop: async () => {
      await kill("SIGTERM");
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
