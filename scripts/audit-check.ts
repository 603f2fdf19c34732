/**
 * `npm run audit:check`: `npm audit --omit=dev` (what ships), failing on any high or critical
 * advisory that docs/security.md does not list with the reason it cannot reach us. Exit codes:
 * 0 clean (or every finding explained), 1 an unexplained high/critical advisory, 2 the audit
 * could not run (registry without the advisory endpoint, no network): CI decides what that means.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

type Via = string | { source?: number; url?: string; title?: string; severity?: string };
type AuditReport = {
  vulnerabilities?: Record<string, { severity: string; via: Via[]; fixAvailable?: unknown }>;
  error?: { code?: string; summary?: string };
  /** npm's shape when the advisory endpoint answered with an HTTP error. */
  message?: string;
};

const BLOCKING = new Set(["high", "critical"]);
const GHSA = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/g;

/** Advisories explained in docs/security.md: the GHSA ids in its "Accepted advisories" section. */
function acceptedAdvisories(): Set<string> {
  let doc = "";
  try {
    doc = readFileSync("docs/security.md", "utf8");
  } catch {
    return new Set();
  }
  const section = doc.split(/^## /m).find((part) => part.startsWith("Accepted advisories")) ?? "";
  return new Set(section.match(GHSA) ?? []);
}

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout || "{}") as AuditReport;
} catch {
  report = {};
}
if (!report.vulnerabilities) {
  const reason =
    report.error?.summary || report.message || run.stderr.trim().split("\n").slice(-3).join(" ");
  console.error(`audit:check could not run npm audit: ${reason || "no report"}`);
  process.exit(2);
}

const accepted = acceptedAdvisories();
const unexplained: string[] = [];
const explained: string[] = [];
for (const [name, finding] of Object.entries(report.vulnerabilities)) {
  for (const via of finding.via) {
    // A string `via` names the dependency the advisory came through; it is listed on its own.
    if (typeof via === "string" || !BLOCKING.has(via.severity ?? "")) continue;
    const id = via.url?.match(GHSA)?.[0] ?? `advisory ${via.source ?? "?"}`;
    const line = `${via.severity} ${name}: ${via.title ?? ""} (${id})`;
    (accepted.has(id) ? explained : unexplained).push(line);
  }
}
for (const line of explained) console.log(`explained in docs/security.md: ${line}`);
for (const line of unexplained) console.error(`NOT explained: ${line}`);
console.log(
  `audit:check: ${unexplained.length} unexplained high/critical, ${explained.length} explained`,
);
process.exit(unexplained.length > 0 ? 1 : 0);
