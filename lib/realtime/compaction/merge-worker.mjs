// Merges a document's stored updates into one snapshot, off the main thread: merging gets
// disproportionately slower as the log grows (yjs issue 710), and the event loop serves sockets.
// It also reads a document's stored rows (lib/documents/store.ts gives the statements): pg
// receives bytea as hex text twice the size of the bytes, and turning a multi-megabyte document
// back into bytes (and collecting the string) held the main thread for tens of milliseconds.
import { parentPort } from "node:worker_threads";
import pg from "pg";
import * as Y from "yjs";

/** One small pool per database, opened on first use. */
const pools = new Map();

function poolFor(connectionString) {
  let pool = pools.get(connectionString);
  if (!pool) {
    pool = new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 60_000 });
    // An idle client that loses its server must not end the worker; the next read reconnects.
    pool.on("error", () => undefined);
    pools.set(connectionString, pool);
  }
  return pool;
}

/** The bytes of a value as their own buffer, so that it can be transferred, not copied. */
function owned(value) {
  return new Uint8Array(value);
}

function stateWithVector(updates) {
  const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  return { merged, stateVector: Y.encodeStateVectorFromUpdate(merged) };
}

async function load({ id, load: request }) {
  const pool = poolFor(request.connectionString);
  let snapshot;
  let log;
  try {
    // In this order, as on the main thread: the snapshot first, then the log.
    snapshot = await pool.query(request.snapshot.text, request.snapshot.values);
    log = await pool.query(request.log.text, request.log.values);
  } catch (error) {
    // With pg's code (ECONNREFUSED, 57P01…): the main thread tells "unreachable" from a fault.
    parentPort.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
      code: typeof error?.code === "string" ? error.code : undefined,
      queryFailed: true,
    });
    return;
  }
  const first = snapshot.rows[0];
  const updates = [];
  if (first) updates.push(owned(first.state));
  for (const row of log.rows) updates.push(owned(row.update));
  const reply = {
    id,
    loaded: true,
    upToId: first ? String(first.upToId) : null,
    logIds: log.rows.map((row) => String(row.id)),
  };
  const bytes = updates.reduce((sum, update) => sum + update.length, 0);
  if (bytes >= request.imageFrom) {
    const { merged, stateVector } = stateWithVector(updates);
    parentPort.postMessage({ ...reply, merged, stateVector }, [merged.buffer, stateVector.buffer]);
    return;
  }
  parentPort.postMessage(
    { ...reply, updates },
    updates.map((update) => update.buffer),
  );
}

// With `stateVector`, also the merged state's state vector: a document held as bytes answers a
// join with both without decoding on the main thread (lib/realtime/live-document.ts).
parentPort.on("message", (message) => {
  if (message.load) {
    load(message).catch((error) =>
      parentPort.postMessage({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return;
  }
  const { id, updates, stateVector } = message;
  try {
    if (stateVector) {
      const image = stateWithVector(updates);
      parentPort.postMessage({ id, ...image }, [image.merged.buffer, image.stateVector.buffer]);
      return;
    }
    const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
