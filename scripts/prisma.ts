/**
 * `npm run prisma -- <args>`: the Prisma CLI, offline (see lib/db/prisma-cli.ts).
 * Commands that need a database use DATABASE_URL, or start the embedded one in DATA_DIR.
 */
import { runPrismaCli } from "@/lib/db/prisma-cli";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { getEnv } from "@/lib/env";

const args = process.argv.slice(2);
const needsDatabase = args[0] === "migrate" || args[0] === "db" || args[0] === "studio";
const hasDiffWithoutDb =
  args[0] === "migrate" && args[1] === "diff" && !args.includes("--from-migrations");

let stop: (() => Promise<void>) | undefined;
const env = { ...process.env };
if (needsDatabase && !hasDiffWithoutDb && !getEnv().DATABASE_URL) {
  const embedded = await startEmbeddedPostgres({ dataDir: getEnv().DATA_DIR });
  env.DATABASE_URL = embedded.url;
  stop = embedded.stop;
}
env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";

const { code } = await runPrismaCli(args, { env });
await stop?.();
process.exit(code);
