// Merges a document's stored updates into one snapshot, off the main thread: merging gets
// disproportionately slower as the log grows (yjs issue 710), and the event loop serves sockets.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

parentPort.on("message", ({ id, updates }) => {
  try {
    const merged = Y.mergeUpdates(updates);
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
