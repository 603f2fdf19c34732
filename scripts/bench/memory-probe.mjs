// Loaded into each benchmarked server (ours, Hocuspocus, the floor) alike, through
// NODE_OPTIONS="--expose-gc --import <this file>", so that the memory workload reads every
// server's memory the same way. One RSS reading of a running server is mostly the collector's
// timing (garbage not yet collected, or just collected): on SIGUSR2 this collects twice (the
// second pass after the first's concurrent sweeping has released its pages) and writes the
// process's memory to BENCH_MEMORY_PROBE_DIR/<pid>.json, numbered, for the benchmark to read.
// Plain JS: NODE_OPTIONS' --import runs before the command line's `--import tsx`.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { setTimeout } from "node:timers";
import { isMainThread } from "node:worker_threads";

const dir = process.env.BENCH_MEMORY_PROBE_DIR;
const collect = /** @type {undefined | (() => void)} */ (globalThis.gc);

// Worker threads load it too (NODE_OPTIONS applies to them) but get no signals.
if (dir && collect && isMainThread) {
  let sample = 0;
  process.on("SIGUSR2", () => {
    collect();
    setTimeout(() => {
      collect();
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      const file = path.join(dir, `${process.pid}.json`);
      sample += 1;
      // Written aside and renamed: the reader never sees half a file.
      writeFileSync(
        `${file}.tmp`,
        JSON.stringify({ sample, rss, heapUsed, heapTotal, external, arrayBuffers }),
      );
      renameSync(`${file}.tmp`, file);
    }, 200);
  });
}
