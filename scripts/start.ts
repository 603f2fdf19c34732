/**
 * `npm start`: embedded PostgreSQL (unless DATABASE_URL), migrations, demo data on an empty
 * database, a production build when none exists or the sources changed since it, then the server. `npm run dev`: the same
 * with Next's development server.
 */
import { spawnSync } from "node:child_process";
import { shouldBuildBeforeStart } from "./lib/build-freshness";

const dev = process.argv.includes("--dev");
// Next reads NODE_ENV when it loads, so it is fixed before anything imports it.
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";

const started = performance.now();
const log = (line: string) =>
  console.log(`[marginalia ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}`);

const { ConfigError, getEnv } = await import("@/lib/env");
try {
  getEnv();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[marginalia] ${error.message}`);
    process.exit(1);
  }
  throw error;
}

if (!dev && (await shouldBuildBeforeStart())) {
  log(
    "The production build is missing or older than the sources: building the app (a minute or two)…",
  );
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts", "--if-stale"], {
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { bootApp } = await import("@/scripts/lib/boot");
let app: Awaited<ReturnType<typeof bootApp>>;
try {
  app = await bootApp({ dev, log });
} catch (error) {
  console.error(`[marginalia] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
  Marginalia is ready at ${app.url}  (started in ${seconds}s${app.usingEmbeddedDatabase ? ", embedded PostgreSQL" : ""})

  Demo logins (password: marginalia)
    organiser@marginalia.test   owner of the demo group
    reader1@marginalia.test     member
    reader2@marginalia.test     member
    reader3@marginalia.test     member

  Press Ctrl-C to stop.
`);

let stopping = false;
if (app.usingEmbeddedDatabase) {
  const { leaveShutdownSignalsToCaller } = await import("@/lib/db/embedded-postgres");
  leaveShutdownSignalsToCaller();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log("Stopping…");
    void app
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  });
}
