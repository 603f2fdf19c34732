/**
 * A throwaway redis-server for tests and the soak: no persistence, bound to 127.0.0.1, started
 * and stopped on demand (the outage tests stop it mid-stream and start it again on its port).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "@/tests/helpers/collab-client";

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";

export async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  redis.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes("Ready to accept connections"), 15_000, "redis ready");
  return redis;
}

export async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null || redis.signalCode !== null) return;
  const exited = new Promise((resolve) => redis.once("exit", resolve));
  redis.kill("SIGTERM");
  await exited;
}
