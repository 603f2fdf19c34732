/**
 * `npm run db:restore -- <file>`: restores a backup made by `npm run db:backup` into the
 * database (DATABASE_URL, or the embedded one in DATA_DIR), which must have no tables yet.
 * All or nothing. See docs/operations.md.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { restoreDatabase } from "@/lib/db/backup";
import { databaseUrlForScript } from "@/scripts/lib/database-url-for-script";

const log = (line: string) => console.log(line);
const argument = process.argv[2];
if (!argument) {
  console.error("usage: npm run db:restore -- <backup file>");
  process.exit(2);
}
const file = path.resolve(argument);
if (!existsSync(file)) {
  console.error(`Restore failed: ${file} does not exist`);
  process.exit(1);
}

const database = await databaseUrlForScript(log);
let exitCode = 0;
try {
  const started = performance.now();
  const { rows } = await restoreDatabase({ databaseUrl: database.url, file, log });
  const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`Restored ${total} rows in ${Object.keys(rows).length} tables from ${file} (${seconds} s)`);
} catch (error) {
  console.error(
    `Restore failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}`,
  );
  exitCode = 1;
} finally {
  await database.close();
}
// Explicitly: stopping the embedded server leaves handles that would decide the exit code.
process.exit(exitCode);
