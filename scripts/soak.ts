/**
 * `npm run soak`: the issue-sized soak (500 members over 20 documents, 50 commands/s for 5
 * minutes across two processes, five SIGKILLs under 200 commands/s, PostgreSQL and Redis
 * stopped and started, every client reconnecting at once). Prints progress, then the figures,
 * and writes them to soak-results.json. `--ci` runs the CI size (as the test in `npm test`).
 * Needs a production build (`npm run build`; `npm start`'s freshness check builds when stale).
 */
import { writeFileSync } from "node:fs";
import { CI_SIZE, ISSUE_SIZE, runSoak } from "./lib/soak";

const base = process.argv.includes("--ci") ? CI_SIZE : ISSUE_SIZE;
/** `--steady-seconds N`, `--steady-rate N`, `--kill-rate N`, `--outage-rate N`, `--workers N`: change one figure of the size; the results record the size run. */
function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number`);
  return value;
}
const size = {
  ...base,
  steadySeconds: flag("steady-seconds", base.steadySeconds),
  steadyRate: flag("steady-rate", base.steadyRate),
  killRate: flag("kill-rate", base.killRate),
  outageRate: flag("outage-rate", base.outageRate),
  workers: flag("workers", base.workers),
};
const started = Date.now();
const log = (line: string) =>
  console.log(`[soak ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
log(`size: ${JSON.stringify(size)}`);
const results = await runSoak(size, log);
writeFileSync("soak-results.json", `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
console.log("written to soak-results.json");
process.exit(0);
