/**
 * Issue 18.5: while PostgreSQL is away, realtime commands are refused with `unavailable` (the
 * client retries) rather than `internal`. That depends on recognising the errors of both paths
 * to the database: plain pg (the document store) and Prisma through the pg adapter (access
 * checks). Real clients against a port where nothing listens, and a real server's own errors.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { findFreePort } from "@/lib/db/embedded-postgres";
import { isDatabaseUnavailable } from "@/lib/db/connection-errors";
import { withTestDatabase } from "@/tests/helpers/test-database";

const database = withTestDatabase();
const clients: { $disconnect: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const client of clients) await client.$disconnect();
});

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("database errors that mean 'try again'", () => {
  it("Prisma (pg adapter) cannot reach the server: unavailable", async () => {
    const url = `postgresql://nobody:nothing@127.0.0.1:${await findFreePort()}/none`;
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    clients.push(prisma);
    const error = await failure(() => prisma.user.findFirst());
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("pg cannot reach the server: unavailable", async () => {
    const url = `postgresql://nobody:nothing@127.0.0.1:${await findFreePort()}/none`;
    const pool = new pg.Pool({ connectionString: url });
    const error = await failure(() => pool.query("SELECT 1"));
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("the server ends the connection (administrator command): unavailable, through Prisma too", async () => {
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url(), max: 1 }),
    });
    clients.push(prisma);
    await prisma.$queryRaw`SELECT 1`;
    const admin = new pg.Client({ connectionString: database.url() });
    await admin.connect();
    const error = await failure(() =>
      Promise.all([
        prisma.$queryRaw`SELECT pg_sleep(5)`,
        new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
          admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()`,
          ),
        ),
      ]),
    );
    await admin.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("a fault in the request itself is not: a syntax error, a missing table", async () => {
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url() }),
    });
    clients.push(prisma);
    expect(isDatabaseUnavailable(await failure(() => prisma.$queryRaw`SELEC 1`))).toBe(false);
    const pool = new pg.Pool({ connectionString: database.url() });
    expect(isDatabaseUnavailable(await failure(() => pool.query("SELECT * FROM nowhere")))).toBe(
      false,
    );
    await pool.end();
    expect(isDatabaseUnavailable(new Error("something else"))).toBe(false);
  });
});
