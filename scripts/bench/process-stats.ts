/**
 * CPU time and memory of other processes, read from /proc (Linux), so that a benchmark can
 * charge each server for its own work whatever else the machine is doing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

type ProcStat = { ppid: number; cpuMs: number; childrenCpuMs: number };

function readStat(pid: number): ProcStat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: the fields that follow start after ")".
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    const ticks = (index: number) => Number(fields[index - 3] ?? 0);
    return {
      ppid: ticks(4),
      cpuMs: ((ticks(14) + ticks(15)) * 1000) / TICKS_PER_SECOND,
      childrenCpuMs: ((ticks(16) + ticks(17)) * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

/** User + system CPU time of one process, in milliseconds. */
export function processCpuMs(pid: number): number {
  return readStat(pid)?.cpuMs ?? Number.NaN;
}

/** Resident memory of one process, in bytes. */
export function processRssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time of a PostgreSQL server: the postmaster, its live backends, and (through the
 * postmaster's children times) the backends that have already exited.
 */
export function postgresCpuMs(dataDir: string): number {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return Number.NaN;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const own = readStat(postmaster);
  if (!own) return Number.NaN;
  let total = own.cpuMs + own.childrenCpuMs;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === postmaster) total += stat.cpuMs;
  }
  return total;
}

/** A server's memory as `memory-probe.mjs` reads it inside the process, after a full collection. */
export type MemorySample = {
  rss: number;
  heapUsed: number;
  /** Buffers and ArrayBuffers (socket frames, Yjs updates): outside the V8 heap, in the RSS. */
  external: number;
};

const PROBE = path.resolve("scripts/bench/memory-probe.mjs");

/**
 * The environment that loads `memory-probe.mjs` into a server process (ours, Hocuspocus and the
 * floor alike): `--expose-gc` and the probe, added to any NODE_OPTIONS already set.
 */
export function memoryProbeEnv(dir: string): Record<string, string> {
  return {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, "--expose-gc", `--import=${pathToFileURL(PROBE).href}`]
      .filter(Boolean)
      .join(" "),
    BENCH_MEMORY_PROBE_DIR: dir,
  };
}

/** Asks the process's probe to collect and report; resolves with what it wrote. */
export async function probeMemory(
  pid: number,
  dir: string,
  timeoutMs = 15_000,
): Promise<MemorySample> {
  const file = path.join(dir, `${pid}.json`);
  const read = (): (MemorySample & { sample: number }) | null => {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as MemorySample & { sample: number };
    } catch {
      return null;
    }
  };
  const previous = read()?.sample ?? 0;
  process.kill(pid, "SIGUSR2");
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = read();
    if (now && now.sample > previous)
      return { rss: now.rss, heapUsed: now.heapUsed, external: now.external };
  }
  throw new Error(
    `process ${pid} did not report its memory within ${timeoutMs} ms: was it started with memoryProbeEnv?`,
  );
}
