/**
 * Issue 18.7 (production notes): the app runs as a PostgreSQL role that may read and write rows
 * but not change the schema; migrations run as the owner role (MIGRATE_DATABASE_URL or
 * `npm run db:migrate`). At start on an up-to-date database the app attempts no DDL.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";
import { HttpClient } from "@/tests/helpers/http-client";
import { createTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer } from "@/tests/helpers/test-server";

const role = `marginalia_app_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
const password = randomUUID();
const databases: Awaited<ReturnType<typeof createTestDatabase>>[] = [];

function asRole(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

async function asOwner(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** What docs/operations.md tells an operator to run as the owner, for the app's role. */
const grants = (database: string) => [
  `GRANT CONNECT ON DATABASE "${database}" TO ${role}`,
  `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
  `GRANT USAGE ON SCHEMA public TO ${role}`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
  `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
];

beforeAll(async () => {
  const admin = await createTestDatabase({ empty: true });
  databases.push(admin);
  await asOwner(admin.url, [`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`]);
});
afterAll(async () => {
  for (const database of databases) await database.drop();
  const first = databases[0];
  if (first) await asOwner(first.url, [`DROP ROLE IF EXISTS ${role}`]).catch(() => undefined);
});

async function signUpWorks(baseUrl: string): Promise<void> {
  const client = new HttpClient(baseUrl);
  const email = `role-${randomUUID().slice(0, 8)}@example.test`;
  const created = await client.json("/api/users", {
    method: "POST",
    json: { email, password: "a long password", name: "Role" },
  });
  expect(created.status).toBeLessThan(300);
  expect((await client.signIn(email, "a long password")).ok).toBe(true);
  const groups = await client.json("/api/groups", {
    method: "POST",
    json: { name: "Written by the app role" },
  });
  expect(groups.status).toBeLessThan(300);
}

describe("the app as a role without DDL rights", () => {
  it("the role really cannot create tables", async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    await migrateDatabase(database.url);
    await asOwner(database.url, grants(new URL(database.url).pathname.slice(1)));
    await expect(
      asOwner(asRole(database.url), [`CREATE TABLE "Intruder" (id int)`]),
    ).rejects.toThrow(/permission denied/);
    // Up to date: the app role's migration check changes nothing and needs no DDL.
    expect(await migrateDatabase(asRole(database.url))).toEqual({ applied: [] });
  });

  it("starts and serves on a database the owner migrated beforehand", async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    await migrateDatabase(database.url);
    await asOwner(database.url, grants(new URL(database.url).pathname.slice(1)));
    const server = await startTestServer({ databaseUrl: asRole(database.url) });
    try {
      expect(
        (await new HttpClient(server.url).json<{ status: string }>("/api/health")).body.status,
      ).toBe("ok");
      await signUpWorks(server.url);
      expect(server.output()).not.toMatch(/permission denied/i);
    } finally {
      await server.stop();
    }
  });

  it("with MIGRATE_DATABASE_URL the owner migrates an empty database at start, the app role serves", async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    // Default privileges first: the tables the migrations create are the app role's to use.
    await asOwner(database.url, grants(new URL(database.url).pathname.slice(1)));
    const server = await startTestServer({
      databaseUrl: asRole(database.url),
      env: { MIGRATE_DATABASE_URL: database.url },
    });
    try {
      await signUpWorks(server.url);
    } finally {
      await server.stop();
    }
  });

  it("without it, pending migrations stop the start with a message that says what to do", async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    await asOwner(database.url, grants(new URL(database.url).pathname.slice(1)));
    await expect(startTestServer({ databaseUrl: asRole(database.url) })).rejects.toThrow(
      /MIGRATE_DATABASE_URL/,
    );
  });
});
