/**
 * Processes started together after the sources changed (`npm start` on two terminals, or the
 * outage tests' two servers) must build once: a second build rewriting `.next` under the first
 * process's server made it exit with "Could not find a production build".
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BUILD_SCRIPT = path.resolve("scripts/build.ts");
// The builds run in a throwaway folder with no node_modules: tsx is named by its path.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const root = mkdtempSync(path.join(tmpdir(), "marginalia-build-lock-"));

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Stands in for `next build`: counts its runs, takes a while, then leaves a build behind. */
const fakeNext = path.join(root, "fake-next.mjs");
writeFileSync(
  fakeNext,
  `import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
appendFileSync("builds.log", "build\\n");
await new Promise((resolve) => setTimeout(resolve, 1500));
mkdirSync(".next", { recursive: true });
writeFileSync(".next/BUILD_ID", "fake");
`,
);

function runBuild(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, BUILD_SCRIPT, "--if-stale"], {
      cwd: root,
      env: { ...process.env, MARGINALIA_NEXT_BIN: fakeNext },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("builds started together", () => {
  it("build once; the others find the fresh build under the lock and leave it alone", async () => {
    writeFileSync(path.join(root, "package.json"), "{}");
    const runs = await Promise.all([runBuild(), runBuild(), runBuild()]);
    for (const run of runs) expect(run.code, run.output).toBe(0);
    expect(readFileSync(path.join(root, "builds.log"), "utf8").trim().split("\n")).toHaveLength(1);
    expect(runs.filter((run) => run.output.includes("up to date"))).toHaveLength(2);
  });

  it("build again when a source changed after the build", async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(path.join(root, "package.json"), '{"changed":true}');
    const run = await runBuild();
    expect(run.code, run.output).toBe(0);
    expect(readFileSync(path.join(root, "builds.log"), "utf8").trim().split("\n")).toHaveLength(2);
  });
});
