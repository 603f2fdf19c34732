/**
 * A checkout or data folder inside a folder only its owner may enter (`mktemp -d` makes 0700
 * folders) used to stop `npm start` as root: PostgreSQL runs as the "postgres" user, which could
 * not pass through it (initdb: EACCES). The folders on the way now get the traverse bit only.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

const closed = mkdtempSync(path.join(os.tmpdir(), "marginalia-closed-"));
afterAll(() => rmSync(closed, { recursive: true, force: true }));

it.runIf(process.getuid?.() === 0)(
  "starts a cluster whose data folder sits inside a 0700 folder, opening it for traversal only",
  async () => {
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    const dataDir = path.join(closed, "nested", "data");
    mkdirSync(dataDir, { recursive: true });
    const database = await startEmbeddedPostgres({ dataDir });
    try {
      expect(database.url).toMatch(/^postgresql:\/\//);
    } finally {
      await database.stop();
    }
    // Enter, not list or read: the owner's other permissions stay as they were.
    expect(statSync(closed).mode & 0o777).toBe(0o701);
  },
  120_000,
);
