/**
 * Whether the production build in `.next` is older than the sources it was built from. Shared by
 * `npm start` and `npm test`, so that neither serves a build from before a `git pull`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
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

/**
 * Whether the tools a build needs are installed: false after `npm prune --omit=dev` (the Docker
 * image), where a build cannot run and the one made with the image is the one to serve.
 */
export function buildToolsInstalled(root = "."): boolean {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  return Object.keys(manifest.devDependencies ?? {}).every((name) =>
    existsSync(path.join(root, "node_modules", name, "package.json")),
  );
}

/**
 * Whether `npm start` should build first: no build yet, or sources newer than it where a build
 * can run. A pruned install with a build keeps it whatever the file times say (an image whose
 * copy step did not keep them must not try to rebuild without its build tools).
 */
export async function shouldBuildBeforeStart(root = "."): Promise<boolean> {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) return true;
  return buildToolsInstalled(root) && (await buildIsStale(root));
}
