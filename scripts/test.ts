/**
 * `npm test`: builds the app when the build is missing or older than the sources, then runs
 * the unit, integration and (when Chromium is installed) end-to-end tests. The integration
 * setup starts its own throwaway PostgreSQL (or uses TEST_DATABASE_URL) and removes it after.
 * Ends with one line: `tests: N passed, N failed`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { buildIsStale } from "./lib/build-freshness";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const e2eOnly = args.includes("--e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (await buildIsStale()) {
  console.log("[test] building the app (sources changed since the last build)…");
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts", "--if-stale"], {
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// "alone" holds the latency measurements; vitest.config.ts runs it after the other projects.
const projects = e2eOnly ? ["e2e"] : ["unit", "integration", "alone"];
if (!e2eOnly) {
  if (existsSync(CHROMIUM)) projects.push("e2e");
  else
    console.log(
      `[test] ${CHROMIUM} not found: end-to-end tests skipped (apt-get install chromium).`,
    );
}

mkdirSync(".data", { recursive: true });
const resultsFile = path.resolve(".data/test-results.json");
const vitest = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const run = spawnSync(
  process.execPath,
  [
    vitest,
    "run",
    ...projects.flatMap((project) => ["--project", project]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${resultsFile}`,
    ...args.filter((arg) => arg !== "--e2e"),
  ],
  { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
);

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
  };
  passed = results.numPassedTests;
  failed =
    results.numFailedTests + (results.numFailedTests === 0 ? results.numFailedTestSuites : 0);
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(run.status ?? 1);
