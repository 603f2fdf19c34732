// Merges a document's stored updates into one snapshot, off the main thread: merging gets
// disproportionately slower as the log grows (yjs issue 710), and the event loop serves sockets.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

// With `stateVector`, also the merged state's state vector: a document held as bytes answers a
// join with both without decoding on the main thread (lib/realtime/live-document.ts).
parentPort.on("message", ({ id, updates, stateVector }) => {
  try {
    const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
    if (stateVector) {
      const vector = Y.encodeStateVectorFromUpdate(merged);
      parentPort.postMessage({ id, merged, stateVector: vector }, [merged.buffer, vector.buffer]);
      return;
    }
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
