/**
 * A document's stored rows are read on the merge worker (issue 16's join storm): pg hands bytea
 * over as hex text twice the size of the bytes, and decoding a large document's on the main
 * thread stalled every other document. What the worker reads must be what the main thread would
 * have: the same bytes in the same order and the same ids; a large document merged with its
 * state vector; and an unreachable database reported as one, not as a fault.
 */
import * as Y from "yjs";
import { afterAll, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { isDatabaseUnavailable } from "@/lib/db/connection-errors";
import {
  appendUpdate,
  inDocumentTransaction,
  loadStoredState,
  maxSeenIdOf,
  storedStateStatements,
} from "@/lib/documents/store";
import {
  closeMergeWorker,
  OffThreadQueryError,
  storedRowsOffThread,
} from "@/lib/realtime/compaction/merge-updates-off-thread";
import { withTestDatabase } from "@/tests/helpers/test-database";

const database = withTestDatabase();

afterAll(() => closeMergeWorker());

/** Stores `count` updates of about `size` bytes each (text in a Y.Text) and returns the doc. */
async function storeDocument(name: string, count: number, size: number): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    doc.getText("t").insert(0, `${i}:`.padEnd(size, "é‎😀"));
    const update = Y.encodeStateAsUpdate(doc, before);
    await inDocumentTransaction(getPool(), name, (client) =>
      appendUpdate(client, name, update, "test"),
    );
  }
  return doc;
}

it("reads the same rows as the main thread, in order, with their ids", async () => {
  const name = "chapter:off-thread-small";
  const doc = await storeDocument(name, 3, 100);
  const onMain = await loadStoredState(getPool(), name);
  const loaded = await storedRowsOffThread({
    connectionString: database.url(),
    ...storedStateStatements(name),
    imageFrom: 1024 * 1024,
  });
  expect(loaded.image).toBeUndefined();
  expect(loaded.updates?.map((update) => [...update])).toEqual(
    onMain.updates.map((update) => [...update]),
  );
  expect(maxSeenIdOf(loaded.upToId, loaded.logIds)).toBe(onMain.maxSeenId);
  expect(loaded.logIds).toHaveLength(onMain.logRows);
  const copy = new Y.Doc();
  for (const update of loaded.updates ?? []) Y.applyUpdate(copy, update);
  expect(copy.getText("t").toJSON()).toBe(doc.getText("t").toJSON());
});

it("merges a document of at least `imageFrom` bytes there, with its state vector", async () => {
  const name = "chapter:off-thread-large";
  const doc = await storeDocument(name, 4, 20_000);
  const loaded = await storedRowsOffThread({
    connectionString: database.url(),
    ...storedStateStatements(name),
    imageFrom: 50_000,
  });
  expect(loaded.updates).toBeUndefined();
  expect(loaded.logIds).toHaveLength(4);
  const image = loaded.image!;
  expect([...image.stateVector]).toEqual([...Y.encodeStateVector(doc)]);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, image.update);
  expect(copy.getText("t").toJSON()).toBe(doc.getText("t").toJSON());
});

it("reports an unreachable database as unreachable, with pg's code", async () => {
  const error: unknown = await storedRowsOffThread({
    connectionString: "postgres://nobody@127.0.0.1:1/none",
    ...storedStateStatements("chapter:anything"),
    imageFrom: 1024,
  }).catch((failure: unknown) => failure);
  expect(error).toBeInstanceOf(OffThreadQueryError);
  expect((error as OffThreadQueryError).code).toBe("ECONNREFUSED");
  expect(isDatabaseUnavailable(error)).toBe(true);
});
