/**
 * Runs in its own process so that the join storm's client-side work does not sit on the event
 * loop of the process measuring latency. Joins N raw sockets to one document and reports, as
 * JSON on stdout, how long each took to receive the document's state. Frames are not decoded:
 * the load under test is the server's.
 */
import { io } from "socket.io-client";

const [url, cookie, doc, countText] = process.argv.slice(2);
const count = Number(countText ?? "30");

async function joinOnce(): Promise<number> {
  const socket = io(`${url}/collab`, {
    transports: ["websocket"],
    extraHeaders: { cookie: cookie ?? "" },
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const started = performance.now();
  let frames = 0;
  const stateReceived = new Promise<void>((resolve) =>
    socket.on("y", () => {
      frames += 1;
      if (frames === 2) resolve();
    }),
  );
  await socket.emitWithAck("join", { doc });
  await stateReceived;
  const elapsed = performance.now() - started;
  socket.disconnect();
  return elapsed;
}

const results = await Promise.all(Array.from({ length: count }, () => joinOnce()));
process.stdout.write(JSON.stringify(results));
process.exit(0);
