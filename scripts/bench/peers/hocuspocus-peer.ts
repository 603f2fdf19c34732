/**
 * The peer users would pick instead: Hocuspocus 3.4 with its default settings, in memory, in
 * its own process (as our server runs in its own). A document whose name has a file in
 * BENCH_PRELOAD_DIR is loaded from it on first use, as ours is loaded from PostgreSQL.
 * Prints `{"port": N}` on stdout when it listens.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Server } from "@hocuspocus/server";
import * as Y from "yjs";

const preloadDir = process.env.BENCH_PRELOAD_DIR;

const server = new Server({
  port: 0,
  address: "127.0.0.1",
  quiet: true,
  onLoadDocument({ document, documentName }) {
    if (!preloadDir) return Promise.resolve();
    const file = path.join(preloadDir, `${encodeURIComponent(documentName)}.bin`);
    if (existsSync(file)) Y.applyUpdate(document, new Uint8Array(readFileSync(file)));
    return Promise.resolve();
  },
});
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
process.on("SIGTERM", () => void server.destroy().then(() => process.exit(0)));
