import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The import graph of lib/ by folder: which lib/<folder> imports which, read with TypeScript's
 * own pre-processor (static imports, re-exports and `import()` alike), so a test can refuse
 * cycles without an ESLint plugin the project does not have.
 */
export type ImportEdge = { from: string; to: string; files: string[] };

const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** `lib/realtime/x.ts` → `realtime`; `lib/env.ts` → `env`. */
export function folderOf(root: string, file: string): string {
  const parts = path.relative(path.join(root, "lib"), file).split(path.sep);
  const first = parts[0] ?? "";
  return parts.length === 1 ? first.replace(SOURCE, "") : first;
}

/** What a specifier names, relative to the project root (`@/lib/x` and `./y` alike). */
function resolveSpecifier(root: string, fromFile: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return path.join(root, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(fromFile), specifier);
  return null;
}

export function importsOf(root: string, file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .map((entry) => resolveSpecifier(root, file, entry.fileName))
    .filter((target): target is string => target !== null);
}

/** Every lib/ file's project-local imports that leave lib/ (server.ts, seeds/, scripts/…). */
export function importsOutsideLib(root: string): { file: string; target: string }[] {
  const lib = path.join(root, "lib");
  return sourceFiles(lib).flatMap((file) =>
    importsOf(root, file)
      .filter((target) => !target.startsWith(lib + path.sep))
      .filter((target) => !target.startsWith(path.join(root, "generated")))
      .map((target) => ({
        file: path.relative(root, file),
        target: path.relative(root, target),
      })),
  );
}

export function libFolderEdges(root: string): ImportEdge[] {
  const lib = path.join(root, "lib");
  const edges = new Map<string, ImportEdge>();
  for (const file of sourceFiles(lib)) {
    const from = folderOf(root, file);
    for (const target of importsOf(root, file)) {
      if (!target.startsWith(lib + path.sep)) continue;
      const to = folderOf(root, target);
      if (to === from) continue;
      const key = `${from}>${to}`;
      const edge = edges.get(key) ?? { from, to, files: [] };
      edge.files.push(path.relative(root, file));
      edges.set(key, edge);
    }
  }
  return [...edges.values()].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`));
}

/** The strongly connected groups of more than one folder (Tarjan): each is a cycle. */
export function folderCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) cycles.push(group.sort());
  };
  const nodes = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The file-level cycles inside one folder are allowed; these are the ones between folders. */
export function describeGraph(root: string): string {
  const edges = libFolderEdges(root);
  const lines = edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.files.length})`);
  const cycles = folderCycles(edges);
  lines.push("", `cycles: ${cycles.length === 0 ? "none" : ""}`);
  for (const cycle of cycles) lines.push(`  ${cycle.join(" <-> ")}`);
  const outside = importsOutsideLib(root);
  lines.push(`imports leaving lib/: ${outside.length === 0 ? "none" : ""}`);
  for (const entry of outside) lines.push(`  ${entry.file} -> ${entry.target}`);
  return lines.join("\n");
}
