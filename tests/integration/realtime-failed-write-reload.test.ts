/**
 * A write that fails to store while PostgreSQL is away (so the copy cannot be reloaded at once)
 * must not leave its unstored change in the live document: the next write would continue the
 * process's Yjs clock after it, and every other copy (other processes, clients, a later load)
 * would hold that next write as pending structs for ever. Real PostgreSQL; the outage is the
 * pool refusing every connection and query for a moment.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { expect, it } from "vitest";
import * as Y from "yjs";
import { getPool } from "@/lib/db/pool";
import { chapterDoc } from "@/lib/documents/names";
import { loadStoredState } from "@/lib/documents/store";
import { DocumentRegistry } from "@/lib/realtime/document-registry";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

/** Makes the pool fail like a database that went away, until the returned function is called. */
function takeDown(pool: pg.Pool): () => void {
  const connect = pool.connect.bind(pool);
  const query = pool.query.bind(pool);
  const refuse = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1"));
  Object.assign(pool, { connect: refuse, query: refuse });
  return () => Object.assign(pool, { connect, query });
}

it("a write that failed while the database was away is never built upon", async () => {
  const pool = getPool();
  const registry = new DocumentRegistry(pool, {
    idleMs: 60_000,
    compactAfter: 1_000,
    maxDocuments: 10,
  });
  const name = chapterDoc(randomUUID());
  const live = await registry.open(name);
  registry.acquire(live, "test");
  await registry.write(live, (doc) => doc.getMap("threads").set("first", "stored"));

  // The change is applied, then storing it fails and the database is gone for the reload too.
  let bringBack: (() => void) | undefined;
  await expect(
    registry.write(live, (doc) => doc.getMap("threads").set("lost", "never stored"), {
      persist: () => {
        bringBack = takeDown(pool);
        return Promise.reject(new Error("the database went away"));
      },
    }),
  ).rejects.toThrow("the database went away");
  bringBack?.();

  await registry.write(live, (doc) => doc.getMap("threads").set("after", "stored"));

  const stored = await loadStoredState(pool, name);
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, Y.mergeUpdates(stored.updates));
  // Everything stored integrates: nothing depends on the change that was never stored.
  expect(fresh.store.pendingStructs).toBeNull();
  expect(fresh.getMap("threads").toJSON()).toEqual({ first: "stored", after: "stored" });
  // And the live copy serves exactly what is stored.
  expect(live.doc.getMap("threads").toJSON()).toEqual({ first: "stored", after: "stored" });
  registry.release(live, "test");
  registry.closeAll();
  fresh.destroy();
});
