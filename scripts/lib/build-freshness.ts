/**
 * Whether the production build in `.next` is older than the sources it was built from. Shared by
 * `npm start` and `npm test`, so that neither serves a build from before a `git pull`.
 */
import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

/** What the Next build reads; tests, scripts and docs do not change it. */
export const BUILD_INPUTS = [
  "app",
  "lib",
  "generated",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
];

export async function newestSourceMtime(root = ".", inputs = BUILD_INPUTS): Promise<number> {
  let newest = 0;
  for (const input of inputs) {
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    if (stat.isFile()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    for (const entry of await readdir(full, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** True when there is no build yet or a build input changed after it was made. */
export async function buildIsStale(root = "."): Promise<boolean> {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  return statSync(buildId).mtimeMs < (await newestSourceMtime(root));
}
