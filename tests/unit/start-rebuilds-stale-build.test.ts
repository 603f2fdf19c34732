import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsStale, shouldBuildBeforeStart } from "../../scripts/lib/build-freshness";

const roots: string[] = [];
function project(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "marginalia-build-freshness-"));
  roots.push(root);
  mkdirSync(path.join(root, "app/(group)"), { recursive: true });
  mkdirSync(path.join(root, "lib/texts"), { recursive: true });
  writeFileSync(path.join(root, "app/(group)/page.tsx"), "export default 1;");
  writeFileSync(path.join(root, "lib/texts/a.ts"), "export const a = 1;");
  return root;
}
function touch(file: string, secondsAgo: number) {
  const at = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, at, at);
}
function writeBuild(root: string, secondsAgo: number) {
  mkdirSync(path.join(root, ".next"), { recursive: true });
  const buildId = path.join(root, ".next/BUILD_ID");
  writeFileSync(buildId, "build");
  touch(buildId, secondsAgo);
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("npm start and npm test rebuild a stale build", () => {
  it("builds when there is no build yet", async () => {
    expect(await buildIsStale(project())).toBe(true);
  });

  it("keeps a build made after the last source change", async () => {
    const root = project();
    touch(path.join(root, "app/(group)/page.tsx"), 120);
    touch(path.join(root, "lib/texts/a.ts"), 120);
    writeBuild(root, 60);
    expect(await buildIsStale(root)).toBe(false);
  });

  it("rebuilds when a nested source file changed after the build (a git pull)", async () => {
    const root = project();
    touch(path.join(root, "app/(group)/page.tsx"), 120);
    writeBuild(root, 60);
    touch(path.join(root, "lib/texts/a.ts"), 0);
    expect(await buildIsStale(root)).toBe(true);
  });

  it("ignores files that are not build inputs (tests, docs)", async () => {
    const root = project();
    touch(path.join(root, "app/(group)/page.tsx"), 120);
    touch(path.join(root, "lib/texts/a.ts"), 120);
    writeBuild(root, 60);
    mkdirSync(path.join(root, "tests"));
    writeFileSync(path.join(root, "tests/x.test.ts"), "");
    expect(await buildIsStale(root)).toBe(false);
  });

  describe("npm start in a pruned install (the Docker image: no dev dependencies)", () => {
    function withManifest(root: string, installed: boolean) {
      writeFileSync(
        path.join(root, "package.json"),
        JSON.stringify({ devDependencies: { "build-tool": "1.0.0" } }),
      );
      touch(path.join(root, "package.json"), 120);
      if (installed) {
        mkdirSync(path.join(root, "node_modules/build-tool"), { recursive: true });
        writeFileSync(path.join(root, "node_modules/build-tool/package.json"), "{}");
      }
    }

    it("rebuilds a stale build where the build tools are installed", async () => {
      const root = project();
      withManifest(root, true);
      writeBuild(root, 60);
      touch(path.join(root, "lib/texts/a.ts"), 0);
      expect(await shouldBuildBeforeStart(root)).toBe(true);
    });

    it("serves the image's build when its file times look newer (a copy that reset them) and no build tools are installed", async () => {
      const root = project();
      withManifest(root, false);
      writeBuild(root, 60);
      touch(path.join(root, "lib/texts/a.ts"), 0);
      expect(await buildIsStale(root)).toBe(true);
      expect(await shouldBuildBeforeStart(root)).toBe(false);
    });

    it("still builds when there is no build at all", async () => {
      const root = project();
      withManifest(root, false);
      expect(await shouldBuildBeforeStart(root)).toBe(true);
    });
  });
});
