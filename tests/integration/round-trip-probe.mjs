// "Another client" of the hostile-uploads test, in a process of its own so that the test
// process preparing and sending 10 MB uploads does not delay the measurement. Calls
// GET <url>/api/health over one kept-alive connection every 10 ms until it reads "stop" on
// stdin, then prints {"samples":[ms,...],"resets":n} on stdout.
import http from "node:http";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { setTimeout as sleep } from "node:timers/promises";
import { URL } from "node:url";

const [url] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let running = true;
let resets = 0;
const samples = [];
process.stdin.on("data", (chunk) => {
  if (String(chunk).includes("stop")) running = false;
});

function roundTrip() {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(new URL("/api/health", url), { agent }, (response) => {
      response.resume();
      response.on("end", () =>
        response.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`health answered ${response.statusCode}`)),
      );
    });
    request.on("error", reject);
  });
}

process.stdout.write("ready\n");
while (running) {
  try {
    samples.push(await roundTrip());
  } catch (error) {
    // A kept-alive connection closed between two requests: counted; the next opens a new one.
    if (!/ECONNRESET|socket hang up/.test(String(error))) throw error;
    resets++;
  }
  await sleep(10);
}
agent.destroy();
process.stdout.write(`${JSON.stringify({ samples, resets })}\n`);
