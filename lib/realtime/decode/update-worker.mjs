// Decodes untrusted Yjs updates off the main thread (yjs issue 687: a crafted frame can loop or
// allocate without bound). Plain JS so tsx, vitest and node all load it without a TS loader.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

if (!parentPort) throw new Error("update-worker.mjs runs only as a worker thread");
const port = parentPort;

port.on("message", (task) => {
  const { id, update, format } = task;
  try {
    if (format === "v2") {
      Y.decodeUpdateV2(update);
      Y.applyUpdateV2(new Y.Doc(), update);
    } else {
      Y.decodeUpdate(update);
      Y.applyUpdate(new Y.Doc(), update);
    }
    port.postMessage({ id, ok: true });
  } catch (error) {
    port.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
