/**
 * A document this process wrote, unloaded and opened again (or replaced after a failed write),
 * keeps the process's Yjs client id without Yjs taking it for a clash: no "[yjs] Changed the
 * client-id" line, and the next write continues the same id's clock.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { LiveDocument } from "@/lib/realtime/live-document";
import { processIdentity } from "@/lib/documents/process-identity";

const yjsWarnings = () => {
  const lines: string[] = [];
  // lib0's logging prints through console.log in Node.
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  return { lines: () => lines.filter((line) => line.includes("client-id")), restore: spy };
};

afterEach(() => vi.restoreAllMocks());

function writtenBy(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getMap("threads").set(text, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe("live documents and the process's Yjs client id", () => {
  it("reloading what this process stored keeps its id and warns nothing", () => {
    const warnings = yjsWarnings();
    const first = new LiveDocument("chapter:a", [], 0n, 0);
    const stored = [writtenBy(first.doc, "one"), writtenBy(first.doc, "two")];
    first.destroy();

    const again = new LiveDocument("chapter:a", stored, 2n, 2);
    expect(again.doc.clientID).toBe(processIdentity().yjsClientId);
    const third = writtenBy(again.doc, "three");
    expect(again.doc.clientID).toBe(processIdentity().yjsClientId);
    // The third write continues the clock: applied after the first two it adds, not clashes.
    const check = new Y.Doc();
    for (const update of [...stored, third]) Y.applyUpdate(check, update);
    expect([...check.getMap("threads").keys()].sort()).toEqual(["one", "three", "two"]);

    again.replaceWith([...stored, third], 3n, 3);
    expect(again.doc.clientID).toBe(processIdentity().yjsClientId);
    expect(warnings.lines()).toEqual([]);
    again.destroy();
  });

  it("a maintenance writer of this process never uses the live documents' id", () => {
    const identity = processIdentity();
    expect(identity.maintenanceYjsClientId).not.toBe(identity.yjsClientId);
    const warnings = yjsWarnings();
    const live = new LiveDocument("chapter:b", [], 0n, 0);
    const liveWrite = writtenBy(live.doc, "live");
    const maintenance = new Y.Doc();
    Y.applyUpdate(maintenance, liveWrite);
    maintenance.clientID = identity.maintenanceYjsClientId;
    live.applyStored([writtenBy(maintenance, "moved")], 2n);
    expect(live.doc.clientID).toBe(identity.yjsClientId);
    expect(warnings.lines()).toEqual([]);
    live.destroy();
  });

  it("the clash the warning came from is real: Yjs does warn when its own id arrives remotely", () => {
    const warnings = yjsWarnings();
    const writer = new Y.Doc();
    const update = writtenBy(writer, "x");
    const reader = new Y.Doc();
    reader.clientID = writer.clientID;
    Y.applyUpdate(reader, update);
    expect(warnings.lines().length).toBe(1);
  });
});
