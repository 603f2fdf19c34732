/**
 * Issue 18.7 (production notes): the app runs as a PostgreSQL role that may read and write rows
 * but not change the schema; migrations run as the owner role (MIGRATE_DATABASE_URL or
 * `npm run db:migrate`). At start on an up-to-date database the app attempts no DDL.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
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

async function ownerQuery<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const TEXT = "The Role\n\nChapter 1\n\nRows written by a role that owns no table.\n";

/**
 * What a group does day to day, through the server running as the app's role: a text imported,
 * a margin comment over the socket (the document log, its projection, the processed command),
 * the group's archive exported and imported into another group.
 */
async function groupWorkWorks(baseUrl: string, ownerUrl: string): Promise<void> {
  const client = new HttpClient(baseUrl);
  const email = `role-work-${randomUUID().slice(0, 8)}@example.test`;
  const created = await client.json("/api/users", {
    method: "POST",
    json: { email, password: "a long password", name: "Role" },
  });
  expect(created.status).toBeLessThan(300);
  expect((await client.signIn(email, "a long password")).ok).toBe(true);
  const group = await client.json<{ group: { id: string } }>("/api/groups", {
    method: "POST",
    json: { name: "Group of the app role" },
  });
  expect(group.status).toBe(201);
  const groupId = group.body.group.id;

  const form = new FormData();
  form.set("file", new Blob([TEXT], { type: "text/plain" }), "the-role.txt");
  const imported = await client.json<{ text: { id: string } }>(`/api/groups/${groupId}/texts`, {
    method: "POST",
    body: form,
  });
  expect(imported.status).toBe(201);
  const [paragraph] = await ownerQuery<{ id: string; chapterId: string; text: string }>(
    ownerUrl,
    `SELECT p.id, p."chapterId", p.text FROM "Paragraph" p JOIN "Chapter" c ON c.id = p."chapterId"
     WHERE p."textId" = $1 ORDER BY c.index, p.index LIMIT 1`,
    [imported.body.text.id],
  );
  if (!paragraph) throw new Error("the import stored no paragraph");

  const socket = new CollabClient(baseUrl, client.cookieHeader());
  try {
    await socket.connected();
    const doc = `chapter:${paragraph.chapterId}`;
    expect((await socket.join(doc)).ok).toBe(true);
    const threadId = randomUUID();
    const word = paragraph.text.split(" ")[0] ?? "";
    const ack = await socket.command(doc, "comment.create", {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(paragraph.chapterId, paragraph.id, word),
      body: "Stored by the app role",
    });
    expect(ack).toMatchObject({ ok: true, threadId });
    const rows = await ownerQuery<{ count: string }>(
      ownerUrl,
      `SELECT count(*)::text AS count FROM "Comment" WHERE "threadId" = $1`,
      [threadId],
    );
    expect(rows[0]?.count).toBe("1");
  } finally {
    socket.close();
  }

  const archive = await client.request(`/api/groups/${groupId}/archive`);
  expect(archive.status).toBe(200);
  const bytes = Buffer.from(await archive.arrayBuffer());
  const target = await client.json<{ group: { id: string } }>("/api/groups", {
    method: "POST",
    json: { name: "Imported by the app role" },
  });
  const restored = await client.json(`/api/groups/${target.body.group.id}/archive`, {
    method: "POST",
    headers: { "content-type": "application/zip" },
    body: bytes,
  });
  expect(restored.status).toBeLessThan(300);
  const copied = await ownerQuery<{ texts: string; comments: string }>(
    ownerUrl,
    `SELECT (SELECT count(*) FROM "Text" WHERE "groupId" = $1)::text AS texts,
            (SELECT count(*) FROM "Comment" WHERE "groupId" = $1)::text AS comments`,
    [target.body.group.id],
  );
  expect(copied[0]).toEqual({ texts: "1", comments: "1" });
}

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
  it("the role really cannot create, alter or drop tables", async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    await migrateDatabase(database.url);
    await asOwner(database.url, grants(new URL(database.url).pathname.slice(1)));
    await expect(
      asOwner(asRole(database.url), [`CREATE TABLE "Intruder" (id int)`]),
    ).rejects.toThrow(/permission denied/);
    // Nor change or drop the tables it writes every day.
    await expect(
      asOwner(asRole(database.url), [`ALTER TABLE "Comment" ADD COLUMN intruder int`]),
    ).rejects.toThrow(/must be owner/);
    await expect(asOwner(asRole(database.url), [`DROP TABLE "YDocUpdate"`])).rejects.toThrow(
      /must be owner/,
    );
    // Up to date: the app role's migration check changes nothing and needs no DDL.
    expect(await migrateDatabase(asRole(database.url))).toEqual({ applied: [] });
  });

  it("starts and serves on a database the owner migrated beforehand: sign-up, a text import, a socket comment, an archive import", async () => {
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
      await groupWorkWorks(server.url, database.url);
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
