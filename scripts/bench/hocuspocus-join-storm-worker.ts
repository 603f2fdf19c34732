/**
 * The join storm against Hocuspocus, in its own process (like join-storm-worker.ts for ours):
 * N providers join one document at once; prints each join's time to the synced state as JSON.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";

const [port, doc, countText] = process.argv.slice(2);
const count = Number(countText ?? "8");

async function joinOnce(): Promise<number> {
  const started = performance.now();
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}`,
    WebSocketPolyfill: WebSocket,
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: doc ?? "" });
  // Given its own websocket, a Hocuspocus 3 provider only joins once attached.
  provider.attach();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync of ${doc} in 60 s`)), 60_000);
    provider.on("synced", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const elapsed = performance.now() - started;
  provider.destroy();
  socket.destroy();
  return elapsed;
}

const results = await Promise.all(Array.from({ length: count }, () => joinOnce()));
process.stdout.write(JSON.stringify(results));
process.exit(0);
