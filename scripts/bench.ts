/**
 * `npm run bench`: measured speed, as ratios against a baseline measured in the same run, on a
 * throwaway PostgreSQL and app server on this machine (loopback only). Progress on stderr; the
 * table on stdout and in .data/bench-results.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { spawnSync } from "node:child_process";
import { benchEnvironment, workloads } from "@/scripts/bench/harness";
import { buildIsStale } from "@/scripts/lib/build-freshness";
import { benchRealtime } from "@/scripts/bench/bench-realtime";

type Row = { name: string; value: string; baseline: string; ratio: string };
type Suite = {
  name: string;
  run: (
    env: Awaited<ReturnType<typeof benchEnvironment>>,
    log: (line: string) => void,
  ) => Promise<Row[]>;
};

const only = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
// `--cpu-prof`: every app server the run starts writes a CPU profile to .data/profiles/ when it
// stops (open in Chrome DevTools or speedscope), to find where a missed target's time goes.
if (process.argv.includes("--cpu-prof")) {
  process.env.SERVER_CPU_PROF_DIR = path.resolve(".data/profiles");
  mkdirSync(process.env.SERVER_CPU_PROF_DIR, { recursive: true });
  log(`server CPU profiles go to ${process.env.SERVER_CPU_PROF_DIR}`);
}

if (await buildIsStale()) {
  log("building the app first (sources changed since the last build)…");
  spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { stdio: "inherit" });
}

const suites: Suite[] = [{ name: "realtime", run: benchRealtime }];
// Other suites live beside this file as bench-<name>.ts exporting `bench<Name>(env, log)`.
for (const file of readdirSync("scripts/bench").filter(
  (f) => /^bench-.+\.ts$/.test(f) && f !== "bench-realtime.ts",
)) {
  const name = file.slice("bench-".length, -3);
  const suiteModule = (await import(`@/scripts/bench/${file}`)) as Record<string, Suite["run"]>;
  const run = Object.entries(suiteModule).find(
    ([key]) => key.toLowerCase() === `bench${name.replaceAll("-", "")}`.toLowerCase(),
  )?.[1];
  if (run) suites.push({ name, run });
}

const env = await benchEnvironment(log);
const results: Record<string, Row[]> = {};
try {
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    log(`suite ${suite.name}…`);
    results[suite.name] = await suite.run(env, log);
  }
} finally {
  await env.close();
}

for (const [suite, rows] of Object.entries(results)) {
  console.log(`\n## ${suite}\n`);
  console.log("| measure | value | baseline (same run) | ratio |\n| --- | --- | --- | --- |");
  for (const row of rows)
    console.log(`| ${row.name} | ${row.value} | ${row.baseline} | ${row.ratio} |`);
}
const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadAverageAtEnd: os.loadavg().map((load) => Number(load.toFixed(2))),
  at: new Date().toISOString(),
};
if (workloads.length > 0) {
  console.log("\n## Side by side (bench-results.json)\n");
  console.log(
    "| workload | metric | ours | Hocuspocus | floor | ratio | target | met |\n| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  const figure = (value: number | null, unit: string) =>
    value === null ? "–" : `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
  for (const w of workloads)
    console.log(
      `| ${w.name} | ${w.metric} | ${figure(w.ours, w.unit)} | ${figure(w.hocuspocus, w.unit)} | ${figure(w.floor, w.unit)} | ${w.ratio === null ? "–" : `${w.ratio.toFixed(2)}×`} | ${w.target ?? "–"} | ${w.met === null ? "–" : w.met ? "yes" : "no"} |`,
    );
}
writeFileSync(
  "bench-results.json",
  `${JSON.stringify({ machine, workloads, suites: results }, null, 2)}\n`,
);
log("wrote bench-results.json");
process.exit(0);
