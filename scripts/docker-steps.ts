/**
 * Replays the Dockerfile's steps without a Docker engine (issue 18.1: where `docker build`
 * cannot run, a test runs the Dockerfile's steps): the build stage's COPY and RUN steps in a
 * temporary folder standing for its WORKDIR (the build context filtered by .dockerignore), any
 * failing RUN failing the whole run as it fails an image build; then the last stage's CMD with
 * its ENV, until `/api/health` answers 200. `.ci/run` runs it when no Docker engine answers.
 *
 * What it cannot replay: the base image (this machine's Node and system libraries stand in for
 * node:20-bookworm-slim) and USER (it runs as whoever runs it). Absolute paths in ENV that point
 * into the image (DATA_DIR) and the port are replaced by temporary ones.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { envOf, parseDockerfile, type DockerInstruction } from "@/scripts/lib/dockerfile";

const context = process.cwd();
const started = Date.now();
const log = (message: string) =>
  console.error(`[docker-steps ${Math.round((Date.now() - started) / 1000)} s] ${message}`);

function fail(message: string): never {
  log(`FAILED: ${message}`);
  process.exit(1);
}

/** Top-level names .dockerignore keeps out of the build context. */
function ignoredNames(): Set<string> {
  const file = path.join(context, ".dockerignore");
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.trim().replace(/^\/+|\/+$/g, ""))
      .filter((line) => line && !line.startsWith("#")),
  );
}

function copyStep(args: string, workdir: string, ignored: Set<string>): void {
  const parts = args.split(/\s+/).filter((part) => !part.startsWith("--"));
  const destination = parts.pop();
  if (!destination || parts.length === 0) fail(`COPY ${args}: no source or destination`);
  const target = path.resolve(workdir, destination);
  const intoFolder = parts.length > 1 || destination.endsWith("/") || destination === ".";
  for (const source of parts) {
    const from = path.resolve(context, source);
    if (!existsSync(from)) fail(`COPY ${source}: not in the build context`);
    const to = intoFolder && source !== "." ? path.join(target, path.basename(from)) : target;
    cpSync(from, to, {
      recursive: true,
      preserveTimestamps: true,
      filter: (file) => {
        const relative = path.relative(context, file);
        return relative === "" || !ignored.has(relative.split(path.sep)[0] ?? "");
      },
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForHealth(url: string, child: ReturnType<typeof spawn>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`the CMD exited with ${child.exitCode} before health`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  fail(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const instructions = parseDockerfile(readFileSync(path.join(context, "Dockerfile"), "utf8"));
  const lastStage = Math.max(...instructions.map((instruction) => instruction.stage));
  const root = mkdtempSync(path.join(os.tmpdir(), "marginalia-docker-steps-"));
  const ignored = ignoredNames();
  // Each stage's WORKDIR is a folder of its own; COPY --from=<stage> reads that stage's folder.
  const stageDirs = new Map<string, string>();
  const env: Record<string, string> = {};
  let child: ReturnType<typeof spawn> | undefined;
  try {
    let workdir = root;
    let cmd: string[] | undefined;
    for (const [index, instruction] of instructions.entries()) {
      const { keyword, args, stage }: DockerInstruction = instruction;
      const step = `step ${index + 1}/${instructions.length}: ${keyword} ${args}`.slice(0, 160);
      if (keyword === "FROM") {
        workdir = path.join(root, `stage-${stage}`);
        mkdirSync(workdir, { recursive: true });
        const name = /\bAS\s+(\S+)/i.exec(args)?.[1];
        if (name) stageDirs.set(name, workdir);
        for (const key of Object.keys(env)) delete env[key];
        log(step);
      } else if (keyword === "COPY") {
        log(step);
        const from = /--from=(\S+)/.exec(args)?.[1];
        if (from) {
          const source = stageDirs.get(from) ?? fail(`COPY --from=${from}: no such stage`);
          // The whole WORKDIR of that stage (the only form this Dockerfile uses).
          cpSync(source, workdir, { recursive: true, preserveTimestamps: true });
        } else copyStep(args, workdir, ignored);
      } else if (keyword === "RUN") {
        log(step);
        const run = spawnSync("sh", ["-c", args], {
          cwd: workdir,
          env: { ...process.env, ...env },
          stdio: "inherit",
        });
        if (run.status !== 0) fail(`${keyword} ${args} exited with ${run.status}`);
      } else if (keyword === "ENV") {
        Object.assign(env, envOf(args));
      } else if (keyword === "CMD" && stage === lastStage) {
        cmd = JSON.parse(args) as string[];
      } else if (keyword === "USER") {
        log(`${step} (not replayed: runs as the current user)`);
      }
    }
    if (!cmd || cmd.length === 0) fail("no CMD in the last stage");
    const port = await freePort();
    const runtimeEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: path.join(root, "data"),
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    };
    delete runtimeEnv.DATABASE_URL;
    log(`CMD ${cmd.join(" ")} on port ${port}`);
    child = spawn(cmd[0] ?? "node", cmd.slice(1), {
      cwd: workdir,
      env: runtimeEnv,
      stdio: "inherit",
    });
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, 240_000);
    log("the image's command answers /api/health: ok");
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
