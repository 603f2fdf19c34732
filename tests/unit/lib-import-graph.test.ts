import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { folderCycles, importsOutsideLib, libFolderEdges } from "@/scripts/lib/import-graph";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The folder imports that still close cycles in lib/ (issue 15, point 3). The list may only
 * shrink: an edge that no longer closes a cycle must be taken off (the test says which), and any
 * other edge that closes one fails the test, naming the files that import. Print the graph with
 * `npx tsx scripts/lib-import-graph.ts`.
 */
// Every cycle is broken; how is in docs/lib-import-graph.md. The list stays for the rule: it may
// only shrink, so any edge that closes a new cycle fails the test.
const KNOWN_CYCLE_EDGES: readonly string[] = [];

/** Every edge whose two ends sit in the same strongly connected group of folders. */
function cycleEdges(): { edge: string; files: string[] }[] {
  const edges = libFolderEdges(root);
  const groupOf = new Map<string, number>();
  folderCycles(edges).forEach((group, index) => {
    for (const folder of group) groupOf.set(folder, index);
  });
  return edges
    .filter((edge) => groupOf.has(edge.from) && groupOf.get(edge.from) === groupOf.get(edge.to))
    .map((edge) => ({ edge: `${edge.from} -> ${edge.to}`, files: [...new Set(edge.files)] }));
}

/** The folders a lib/ folder imports. */
function importsOfFolder(folder: string): string[] {
  return libFolderEdges(root)
    .filter((edge) => edge.from === folder)
    .map((edge) => edge.to)
    .sort();
}

it("lib/ imports neither server.ts nor seeds/ nor scripts/ (only lib/ and the generated client)", () => {
  expect(importsOutsideLib(root)).toEqual([]);
});

it("lib/realtime is in no import cycle; lib/documents imports only access, db and errors", () => {
  const edges = libFolderEdges(root);
  expect(folderCycles(edges).flat()).not.toContain("realtime");
  const fromDocuments = edges.filter((edge) => edge.from === "documents").map((edge) => edge.to);
  expect(fromDocuments.sort()).toEqual(["access", "db", "errors"]);
});

it("lib/sessions uses notifications and annotations, never the reverse, and is in no cycle", () => {
  const edges = libFolderEdges(root);
  const into = (folder: string) => edges.filter((edge) => edge.to === folder).map((e) => e.from);
  expect(into("sessions")).not.toContain("notifications");
  expect(into("sessions")).not.toContain("annotations");
  expect(folderCycles(edges).flat()).not.toContain("sessions");
  expect(folderCycles(edges).flat()).not.toContain("notifications");
});

it("no import cycle between lib/ folders beyond the known ones, which may only shrink", () => {
  const found = cycleEdges();
  const closingNewCycles = found
    .filter(({ edge }) => !KNOWN_CYCLE_EDGES.includes(edge))
    .map(({ edge, files }) => `${edge} (${files.join(", ")})`);
  const noLongerInACycle = KNOWN_CYCLE_EDGES.filter(
    (known) => !found.some(({ edge }) => edge === known),
  );
  expect({ closingNewCycles, noLongerInACycle }).toEqual({
    closingNewCycles: [],
    noLongerInACycle: [],
  });
});

it("lib/access is the permission layer: it imports only db and errors (request guards live in lib/http)", () => {
  expect(importsOfFolder("access")).toEqual(["db", "errors"]);
});

it("lib/parsing is the worker pool only: it imports no domain (each domain owns its worker file)", () => {
  expect(importsOfFolder("parsing")).toEqual(["env", "errors"]);
});

it("lib/validation (parseInput), lib/html (escapeHtml) and lib/mail are leaves any domain may use", () => {
  expect(importsOfFolder("validation")).toEqual(["errors"]);
  expect(importsOfFolder("html")).toEqual([]);
  expect(importsOfFolder("mail")).toEqual([]);
});

it("the cycle finder finds a two-folder cycle and a longer one, and none in a chain", () => {
  const edge = (from: string, to: string) => ({ from, to, files: [] });
  expect(folderCycles([edge("a", "b"), edge("b", "a")])).toEqual([["a", "b"]]);
  expect(folderCycles([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")])).toEqual([
    ["a", "b", "c"],
  ]);
  expect(folderCycles([edge("a", "b"), edge("b", "c")])).toEqual([]);
});
