/**
 * One more app process for the held-comment tests: the realtime layer (socket.io /collab,
 * the PostgreSQL adapter, the command pipeline) on its own port and database connection, as
 * server.ts runs it, without Next. Driven by lines on stdin; answers JSON lines on stdout:
 *   reveal <iso>  → revealDueHeldComments(new Date(iso))   → {"revealed":n,"failed":n}
 *   timer <ms>    → startHeldCommentReveals({ everyMs })   → {"timer":true}
 *   quit
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { Server } from "socket.io";
import { revealDueHeldComments } from "@/lib/sessions/live/reveal-due-held-comments";
import { startHeldCommentReveals } from "@/lib/sessions/live/start-held-comment-reveals";
import { attachRealtime } from "@/lib/realtime/attach-realtime";

const http = createServer();
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const io = new Server(http, { serveClient: false });
const realtime = await attachRealtime(io);
let stopTimer: (() => void) | undefined;
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
say({ port: (http.address() as AddressInfo).port });

for await (const line of createInterface({ input: process.stdin })) {
  const [command, argument] = line.trim().split(" ");
  if (command === "reveal") say(await revealDueHeldComments(new Date(argument ?? Date.now())));
  else if (command === "timer") {
    stopTimer = startHeldCommentReveals({ everyMs: Number(argument ?? "1000") });
    say({ timer: true });
  } else if (command === "quit") break;
}
stopTimer?.();
await realtime.close();
await io.close();
process.exit(0);
