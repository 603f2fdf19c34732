import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const STORE = "lib/documents/store.ts";
// The SQL names and Prisma's accessors of the document tables.
const TABLES =
  /\b(YDocUpdate|YDocSnapshot|ProcessedCommand|yDocUpdate|yDocSnapshot|processedCommand)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

it("only lib/documents/store.ts names the document tables (YDoc*, ProcessedCommand)", () => {
  const files = [
    ...["app", "lib", "seeds", "scripts"].flatMap((dir) => sources(path.join(root, dir))),
    path.join(root, "server.ts"),
  ];
  const offenders = files
    .map((file) => path.relative(root, file))
    .filter((file) => file !== STORE)
    .filter((file) => TABLES.test(readFileSync(path.join(root, file), "utf8")));
  expect(offenders).toEqual([]);
  // The check itself must be able to fail: the store does name them.
  expect(TABLES.test(readFileSync(path.join(root, STORE), "utf8"))).toBe(true);
});
