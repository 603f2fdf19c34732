/** `npm run build`: the production build of the Next.js app (the custom server needs no build). */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
};
// Two builds writing one .next folder corrupt each other: serialise them when flock exists.
const hasFlock = spawnSync("flock", ["--version"], { stdio: "ignore" }).status === 0;
const result = hasFlock
  ? spawnSync("flock", ["/tmp/marginalia-next-build.lock", process.execPath, nextBin, "build"], {
      stdio: "inherit",
      env,
    })
  : spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
