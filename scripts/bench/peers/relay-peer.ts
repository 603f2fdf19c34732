/**
 * The floor: a bare socket.io server that relays the same bytes to everyone in a room, with no
 * document, no storage and no checks. Prints `{"port": N}` on stdout when it listens.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 16 * 1024 * 1024 });
io.on("connection", (socket) => {
  socket.on("join", (doc: string, ack?: () => void) => {
    void socket.join(doc);
    ack?.();
  });
  socket.on("y", (doc: string, bytes: Uint8Array, tag: number, ack?: () => void) => {
    socket.to(doc).emit("y", doc, bytes, tag);
    ack?.();
  });
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on("SIGTERM", () => {
  void io.close(() => process.exit(0));
});
