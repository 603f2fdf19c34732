/**
 * `npm run build`: the production build of the Next.js app (the custom server needs no build).
 * `--if-stale` (what `npm start` and `npm test` pass) builds only when the build is missing or
 * older than the sources, judged after taking the build lock: processes started together after a
 * `git pull` build once, and the later ones do not rewrite `.next` under the first one's server.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildIsStale } from "./lib/build-freshness";

const require = createRequire(import.meta.url);
// MARGINALIA_NEXT_BIN replaces `next` only in the test of the lock (a build takes minutes).
const nextBin = process.env.MARGINALIA_NEXT_BIN ?? require.resolve("next/dist/bin/next");
const args = process.argv.slice(2);
const ifStale = args.includes("--if-stale");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
};

// Two builds writing one .next folder corrupt each other: serialise them when flock exists, and
// decide under the lock.
const hasFlock = spawnSync("flock", ["--version"], { stdio: "ignore" }).status === 0;
if (hasFlock && !args.includes("--locked")) {
  const locked = spawnSync(
    "flock",
    [
      "/tmp/marginalia-next-build.lock",
      process.execPath,
      "--import",
      pathToFileURL(require.resolve("tsx")).href,
      fileURLToPath(import.meta.url),
      "--locked",
      ...args,
    ],
    { stdio: "inherit" },
  );
  process.exit(locked.status ?? 1);
}

if (ifStale && !(await buildIsStale())) {
  console.log("The production build is up to date (another process built it meanwhile).");
  process.exit(0);
}
const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
