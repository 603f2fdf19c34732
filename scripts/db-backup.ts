/**
 * `npm run db:backup [-- <file>]`: writes a backup of the database (DATABASE_URL, or the
 * embedded one in DATA_DIR, running or not) to <file>, by default
 * backups/marginalia-<timestamp>.backup.gz. Works while the app runs. See docs/operations.md.
 */
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { backupDatabase } from "@/lib/db/backup";
import { databaseUrlForScript } from "@/scripts/lib/database-url-for-script";

const log = (line: string) => console.log(line);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const file = path.resolve(process.argv[2] ?? path.join("backups", `marginalia-${stamp}.backup.gz`));
mkdirSync(path.dirname(file), { recursive: true });

const database = await databaseUrlForScript(log);
let exitCode = 0;
try {
  const started = performance.now();
  const { rows } = await backupDatabase({ databaseUrl: database.url, file, log });
  const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `Backup written: ${file} (${Object.keys(rows).length} tables, ${total} rows, ${statSync(file).size} bytes, ${seconds} s)`,
  );
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await database.close();
}
// Explicitly: stopping the embedded server leaves handles that would decide the exit code.
process.exit(exitCode);
